"""journeymap: customer journey maps, personas and messaging hierarchies as code.

The package is importable as a library; importing it stays cheap (no rich, jinja2,
graphviz or pydantic model building) so that the command line starts fast.
"""

__version__ = "0.1.0"
