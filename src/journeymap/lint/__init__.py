"""Lint rules: the CX practice of the domain brief, encoded as checks with stable codes.

``registry`` holds the rules (one decorator line per rule), ``rules/`` holds one
module per family (JM1xx structure, JM2xx evidence, JM3xx ownership, JM4xx
language), ``engine`` runs the selected rules over a workspace and applies the
configuration and inline ``# journeymap: disable=...`` comments.
"""
