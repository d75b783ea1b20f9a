"""Pure-Python legal core of account_dunning_fr.

Nothing here imports Odoo: each module states one set of French rules (or of
collections practice) as small functions over plain values, cites the text it
applies, and raises its own exceptions. The Odoo models gather records, call
these functions and write the result; they translate the exceptions into the
user's language.

- ``schedule``: the dunning ladder (when each reminder and the formal notice
  fall due). No law sets it (see the module docstring); it is practice.
- ``dates``: the company's local calendar day.
"""
