"""``python -m scschule.cli``: the same as the ``scschule`` command."""

from . import main

main()
