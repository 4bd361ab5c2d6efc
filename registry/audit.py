"""The audit log: who did what, when, on which device, with what result.

Every entry is one record of the append-only list ``audit`` in the encrypted
store, written through ``Store.write`` and so journaled and synced to the county
like visits: it is never edited, so it never conflicts. Its scope is the
device's own, so the server keeps it in the village's scope and county staff
(whose scope holds every village) read it after their next sync.

What an entry holds: ``action`` (:data:`ACTIONS`), ``user`` (the login name),
``device``, ``at_ms`` and ``at`` (Beijing time), ``target`` (an entity id or a
file kind, never personal data), ``detail`` (small facts: counts, masked
numbers) and ``result`` (``ok``, ``denied``, ``failed``...). :func:`record`
refuses a full ID or mobile number anywhere in ``target`` or ``detail``.

Failed unlocks happen before the database is open: the key-slot file keeps them
(``KeyRing.note_failure``) and the next successful unlock writes them here, with
the time they happened (:func:`record_failed_unlocks`). Syncs and USB bundles are
kept at once in the encrypted store (:func:`defer`) and join the synced list with
the next entry recorded, at the latest the next login: an entry a sync wrote into
the journal would itself be a change to send, so no sync would ever send nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from registry import accounts
from registry.errors import ValidationError
from registry.fileio import write_atomic
from registry.ledgers.kinds import KINDS
from registry.masking import mask_id, mask_numbers_in, mask_phone
from registry.store import Create, Store

AUDIT_LIST = "audit"
#: Settings key of the entries :func:`defer` keeps until the next :func:`record`.
QUEUE_KEY = "audit_queue"
MAX_QUEUED = 1000
BEIJING = timezone(timedelta(hours=8))

#: Actions the audit knows (Chinese label for screens and exports).
ACTIONS: dict[str, str] = {
    "login": "登录", "unlock_failed": "解锁失败", "reveal": "查看完整号码",
    "export": "导出", "print": "打印", "sync": "同步", "usb_bundle": "U盘数据包",
    "claim_override": "强制认领", "conflict_resolution": "处理冲突", "merge": "合并重复",
    "user_add": "添加用户", "user_remove": "删除用户", "passphrase_change": "修改密码",
    "role_change": "修改角色", "recovery": "县级恢复密钥解锁", "recovery_slot": "添加恢复槽",
    "audit_export": "导出审计日志", "not_duplicate": "标记非同一人", "dedup_rule": "修改查重规则",
    "device_admin": "管理设备",
}
#: Fields whose full value :func:`reveal` can show, with their mask.
REVEALABLE = {"id_number": mask_id, "phone": mask_phone, "guardian_phone": mask_phone}
COLUMNS = ("at", "user", "device", "action", "target", "result", "detail")
#: The detail's keys in words, for screens and exports (a key not listed shows as it is).
DETAIL_KEYS: dict[str, str] = {
    "role": "角色", "masked": "遮蔽", "rows": "行数", "field": "字段", "cards": "卡片数",
    "known_user": "已登记用户", "recorded_at_unlock": "解锁后补记", "dropped": "并入的记录",
    "changes": "变更数", "from": "原辖区", "by": "方式", "key": "密钥指纹", "fields": "查重字段",
    "people": "人员", "prop": "属性", "keep": "保留", "from_merged": "来自已合并记录",
    "error": "错误", "was_revoked": "曾被吊销", "kind": "类别", "month": "月份", "area": "区域",
    "format": "格式", "findings": "发现问题", "pages": "页数",
}
#: Targets that are not record ids in words: the service card, the ledgers exported.
TARGETS: dict[str, str] = {"service_card": "服务卡", "ledger": "台账", **KINDS}
#: Detail values in words: yes/no, roles, the fields a reveal shows, a delete settled.
DETAIL_VALUES: dict[str, str] = {
    "True": "是", "False": "否", **accounts.ROLES, "id_number": "身份证号", "phone": "手机号",
    "guardian_phone": "监护人电话", "_deleted": "删除", "county_recovery_key": "县级恢复密钥",
}
HEADERS = ("时间", "用户", "设备", "操作", "对象", "结果", "详情")


@dataclass(frozen=True)
class Entry:
    """One audit entry as read back."""

    id: str
    action: str
    user: str
    device: str
    at_ms: int
    target: str
    detail: dict[str, Any]
    result: str

    @property
    def at(self) -> str:
        """The time in Beijing, ``YYYY-MM-DD HH:MM:SS``."""
        return _beijing(self.at_ms)


def record(store: Store, *, action: str, target: str = "",
           detail: Mapping[str, Any] | None = None, result: str = "ok",
           user: str | None = None, at_ms: int | None = None) -> str:
    """Append one audit entry (as ``store.user`` unless ``user``); return its id. Entries
    :func:`defer` queued are written first, in the same transaction.

    ``ValueError`` if the action is unknown or a full ID or phone number is in it."""
    props = _props(store, action=action, target=target, detail=detail, result=result,
                   user=user, at_ms=at_ms)
    with store.transaction():
        queued = _queue(store)
        ops = [Create(AUDIT_LIST, p, scope=store.default_scope) for p in [*queued, props]]
        created = store.write(ops).created
        if queued:
            store.set_meta(QUEUE_KEY, None)
    return created[-1]


def defer(store: Store, *, action: str, target: str = "",
          detail: Mapping[str, Any] | None = None, result: str = "ok") -> None:
    """Keep an entry in the encrypted store now and add it to the synced audit list with
    the next :func:`record` (at the latest the next login). Used for syncs and USB bundles:
    an entry they wrote into the journal would itself be a change to send."""
    props = _props(store, action=action, target=target, detail=detail, result=result)
    with store.transaction():
        queued = [*_queue(store), props][-MAX_QUEUED:]
        store.set_meta(QUEUE_KEY, json.dumps(queued, ensure_ascii=False))


def _props(store: Store, *, action: str, target: str, detail: Mapping[str, Any] | None,
           result: str, user: str | None = None, at_ms: int | None = None) -> dict[str, Any]:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    facts = dict(detail or {})
    _refuse_full_numbers([target, facts])
    when = int(at_ms if at_ms is not None else store.clock.tick().wall_ms)
    return {"action": action, "user": store.user if user is None else user,
            "device": store.device, "at_ms": when, "at": _beijing(when),
            "target": target, "detail": facts, "result": result}


def _queue(store: Store) -> list[dict[str, Any]]:
    text = store.meta(QUEUE_KEY)
    return list(json.loads(text)) if text else []


def record_failed_unlocks(store: Store, failures: Iterable[Mapping[str, Any]]) -> int:
    """Write failed unlocks kept by the key-slot file (``KeyRing.unaudited_failures``)
    into the audit, each at the time it happened; return how many."""
    count = 0
    with store.transaction():
        for item in failures:
            known = bool(item.get("known"))
            record(store, action="unlock_failed", user=str(item.get("user") or ""),
                   at_ms=int(item.get("at_ms") or 0), result="failed",
                   detail={"recorded_at_unlock": True, "known_user": known})
            count += 1
    return count


def reveal(store: Store, *, entity_id: str, field: str) -> str:
    """The full value of ``field`` (``id_number``, ``phone``...) of a record, for a role
    allowed to see it; recorded either way. ``accounts.NotAllowed`` if not allowed."""
    mask = REVEALABLE.get(field)
    if mask is None:
        raise ValidationError(f"reveal.{field}", "此字段不能查看完整值", "not a revealable field")
    value = str(store.get(entity_id).props.get(field) or "")
    role = accounts.role_of(store)
    allowed = accounts.may(role, "reveal")
    record(store, action="reveal", target=entity_id, result="ok" if allowed else "denied",
           detail={"field": field, "masked": mask(value), "role": role})
    if not allowed:
        raise accounts.NotAllowed("reveal")
    return value


def entries(store: Store, *, user: str | None = None, action: str | None = None,
            device: str | None = None, since_ms: int | None = None,
            until_ms: int | None = None) -> list[Entry]:
    """Audit entries matching every filter given, oldest first (``until_ms`` excluded)."""
    where, args = ["list = ?", "deleted = 0"], [AUDIT_LIST]
    for prop, value in (("user", user), ("action", action), ("device", device)):
        if value is not None:
            where.append(f"json_extract(props, '$.{prop}') = ?")
            args.append(value)
    rows = store.db.execute(
        f"SELECT id, props, rowid FROM entity WHERE {' AND '.join(where)}", args)
    # Written order breaks ties within one millisecond (ids are not ordered within one).
    found = [(_entry(eid, json.loads(props)), rowid) for eid, props, rowid in rows]
    last = max((rowid for _e, rowid in found), default=0)
    found += [(_entry(f"queued-{i}", p), last + 1 + i) for i, p in enumerate(_queue(store))]
    wanted = [(e, order) for e, order in found
              if (user is None or e.user == user) and (action is None or e.action == action)
              and (device is None or e.device == device)
              and (since_ms is None or e.at_ms >= since_ms)
              and (until_ms is None or e.at_ms < until_ms)]
    return [e for e, _order in sorted(wanted, key=lambda pair: (pair[0].at_ms, pair[1]))]


def read(store: Store, **filters: Any) -> list[Entry]:
    """:func:`entries` for a user whose role may read the audit; ``NotAllowed`` if not."""
    if not accounts.may(accounts.role_of(store), "read_audit"):
        raise accounts.NotAllowed("read_audit")
    return entries(store, **filters)


def export(store: Store, rows: list[Entry], out: Path) -> int:
    """Write ``rows`` to ``out`` (``.csv`` or ``.xlsx``), audited; return the row count."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError("audit.out", "输出文件须为 .csv 或 .xlsx", "use .csv or .xlsx")
    table = [HEADERS] + [row_of(e) for e in rows]
    _write_csv(out, table) if suffix == ".csv" else _write_xlsx(out, table)
    record(store, action="audit_export", target=suffix[1:], detail={"rows": len(rows)})
    return len(rows)


def day_start_ms(day: str) -> int:
    """Milliseconds at 00:00 Beijing time of ``YYYY-MM-DD`` (for date filters)."""
    try:
        moment = datetime.fromisoformat(day).replace(tzinfo=BEIJING)
    except ValueError:
        raise ValidationError("audit.date", "日期格式应为 YYYY-MM-DD",
                              "dates are YYYY-MM-DD") from None
    return int(moment.timestamp() * 1000)


def _refuse_full_numbers(values: Any) -> None:
    if isinstance(values, Mapping):
        values = [*values.keys(), *values.values()]
    if isinstance(values, list | tuple):
        for value in values:
            _refuse_full_numbers(value)
    elif isinstance(values, str) and mask_numbers_in(values) != values:
        raise ValueError("audit entries hold masked numbers only, never a full ID or phone")


def _entry(eid: str, props: Mapping[str, Any]) -> Entry:
    detail = props.get("detail")
    return Entry(eid, str(props.get("action", "")), str(props.get("user", "")),
                 str(props.get("device", "")), int(props.get("at_ms") or 0),
                 str(props.get("target", "")), detail if isinstance(detail, dict) else {},
                 str(props.get("result", "")))


def row_of(e: Entry) -> tuple[str, ...]:
    """One entry as the text cells of :data:`HEADERS`."""
    return (e.at, e.user, e.device, ACTIONS.get(e.action, e.action),
            TARGETS.get(e.target, e.target), e.result, detail_text(e.detail))


def detail_text(detail: Mapping[str, Any], word: Callable[[str], str] = str) -> str:
    """An entry's detail as ``角色：县级管理员；遮蔽：是`` (keys and known values in words,
    ``word`` turning each Chinese word into the screen's language; anything else as it is)."""
    def value_text(value: Any) -> str:
        if isinstance(value, list | tuple):
            return "、".join(value_text(v) for v in value)
        text = str(value)
        return word(DETAIL_VALUES[text]) if text in DETAIL_VALUES else text

    return word("；").join(f"{word(DETAIL_KEYS.get(k, k))}{word('：')}{value_text(v)}"
                          for k, v in sorted(detail.items()))


def _beijing(ms: int) -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(BEIJING)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _write_csv(out: Path, table: list[tuple[str, ...]]) -> None:
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in table:
        writer.writerow([_cell(v) for v in line])
    write_atomic(out, buffer.getvalue().encode("utf-8-sig"))


def _write_xlsx(out: Path, table: list[tuple[str, ...]]) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "审计日志"
    for line in table:
        sheet.append([_cell(v) for v in line])
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(out, buffer.getvalue())


def _cell(value: str) -> str:
    """A spreadsheet cannot run a cell beginning with = + - @ as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
