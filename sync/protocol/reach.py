"""Lists a wider scope hands down: records a county makes for every device under it.

Normally a device holds only records whose scope lies *within* its own scope prefix. The
entities of :data:`DOWNWARD_LISTS` (county policy packs, place-name overrides) are the
exception: one made at the county (scope ``361130``) is sent to every device whose scope
lies *under* it (a village ``361130104201``), but only the roles listed may write them, so
a village cannot hand a pack to its neighbours. They never count in a device's scope digest (both sides
count only records within the prefix), so handing them down changes no digest.
"""

from __future__ import annotations

from sync.protocol.changes import normalize_scope

#: The list of county policy packs (``registry.policy.distribute``).
POLICY_PACK_LIST = "policy_pack"

#: The list of a county's local place-name overrides (``registry.places``).
PLACE_NAME_LIST = "place_name"

#: Lists handed down to narrower scopes -> the device roles that may write them.
DOWNWARD_LISTS: dict[str, frozenset[str]] = {POLICY_PACK_LIST: frozenset({"county"}),
                                             PLACE_NAME_LIST: frozenset({"county"})}

_LEVELS = (2, 4, 6, 9)


def ancestor_scopes(prefix: str) -> tuple[str, ...]:
    """The stored scope values of every level above a device's scope prefix, each as
    written (``"361130"``) and padded to 12 digits (``"361130000000"``); ``()`` for a
    province or an unscoped device."""
    out: list[str] = []
    for level in _LEVELS:
        if level < len(prefix):
            code = prefix[:level]
            out += [code, normalize_scope(code)]
    return tuple(out)


def may_write(entity_list: str, role: str) -> bool:
    """True unless ``entity_list`` is handed down and ``role`` is not one that writes it."""
    roles = DOWNWARD_LISTS.get(entity_list)
    return roles is None or role in roles
