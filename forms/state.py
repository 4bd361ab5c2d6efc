"""Per-node state kept by a session, and the read-only views it hands out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from forms.model import Choice, Labels


@dataclass(frozen=True)
class Message:
    """A message in Chinese and English."""

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"

    @classmethod
    def from_labels(cls, labels: Labels | None, zh: str, en: str) -> Message:
        """The form's own message (per language, falling back) or the given default."""
        if not labels:
            return cls(zh, en)
        fallback = labels.get("default") or next(iter(labels.values()))
        return cls(labels.get("zh", fallback), labels.get("en", fallback))


@dataclass
class NodeState:
    """What the session computed for one node (mutable; owned by the session)."""

    relevant: bool = True
    required: bool = False
    read_only: bool = False
    constraint_ok: bool = True
    warning_ok: bool = True
    choices: tuple[str, ...] | None = None  # visible choice names when filtered
    errors: dict[str, str] = field(default_factory=dict)  # kind -> expression error


@dataclass(frozen=True)
class FieldState:
    """Everything a renderer needs to show one field instance."""

    path: str  # instance path, e.g. "members[2]/name"
    key: str  # definition path, e.g. "members/name"
    value: Any  # typed: int, float, str, list[str] for select_multiple, None when empty
    text: str  # as entered
    relevant: bool
    required: bool
    read_only: bool
    valid: bool
    message: Message | None  # why it is not valid
    warning: Message | None  # soft check that failed (submit still allowed)
    choices: tuple[Choice, ...] | None  # visible choices for selects, None otherwise
    errors: tuple[str, ...] = ()  # expression evaluation errors


@dataclass(frozen=True)
class Issue:
    """A validation error or warning: field path and message in zh and en."""

    path: str
    message: Message
    kind: str  # "required" | "type" | "constraint" | "warning"

    @property
    def message_zh(self) -> str:
        """The Chinese message."""
        return self.message.zh

    @property
    def message_en(self) -> str:
        """The English message."""
        return self.message.en

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
