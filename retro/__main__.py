from retro.cli import cli

cli(prog_name="retro")
