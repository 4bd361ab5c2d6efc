"""The county workspace (县级工作台): devices, conflicts, duplicates, dashboards, subsidy
lists, ledgers and policy administration, each page in its own module.

Pages are mounted in ``desktop.workspace.WORKSPACES[COUNTY]``. Each page reads through its
own ``*_ops.py`` verb factories (``QueryOp`` / ``CollectionOp`` / ``NetworkOp``), never the
store directly, and redraws from the ``Changes`` the runner broadcasts.
"""
