"""Publish a document in several languages from gettext catalogs.

The verbs are `toolkit.commands.catalog` (extract, init, update, stats, check) and
`toolkit.commands.build.build`; the `toolkit` command is `toolkit.cli`. Nothing is
imported here, so each command loads only what it uses.
"""
