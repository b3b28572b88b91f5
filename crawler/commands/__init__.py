"""Our `scrapy` subcommands (COMMANDS_MODULE): demo, extract."""
