from cppsctl.cli import main

main()
