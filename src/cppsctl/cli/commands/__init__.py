"""One module per command, named after it; each defines the function that cppsctl.cli.app registers."""
