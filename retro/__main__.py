from retro.cli import main

main()
