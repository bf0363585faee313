"""Words Click translates through a variable, so that extraction cannot find them in its source.

Not a module of eventsite: a list for click.pot, which the README's Languages extracts from Click's source
and from this file (`-k click_word`); eventsite's own extraction does not know `click_word`.
"""

click_word("required")  # an option's "[required]" in --help: click.core.Option.get_help_extra
