"""Decoding and validating Bot API request parameters the way the Bot API server does.

Clients send every value as a string (form or multipart fields) with nested objects
JSON-encoded, or a JSON body with native types; both are normalised here by field name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from tgemu.models import ApiError, JsonDict, UploadedFile, bad_request

_INT_FIELDS = frozenset(
    [
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "cache_time",
        "reply_to_message_id",
        "message_thread_id",
        "user_id",
        "max_connections",
        "from_chat_id",
    ]
)
_FLOAT_FIELDS = frozenset({"timeout"})
_BOOL_FIELDS = frozenset(
    [
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "allow_paid_broadcast",
        "disable_content_type_detection",
        "has_spoiler",
        "revoke",
    ]
)
_JSON_FIELDS = frozenset(
    [
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "menu_button",
    ]
)
_CALLBACK_ACTIONS = [
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
]
_MAX_BUTTONS = 100
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SCOPES_WITH_CHAT = frozenset({"chat", "chat_administrators", "chat_member"})
_SCOPES = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}
    | _SCOPES_WITH_CHAT
)


def _to_int(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return value


def _to_float(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _to_bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"true", "1"}:
            return True
        if lowered in {"false", "0", ""}:
            return False
    return value


def _json_error(name: str) -> ApiError:
    if name == "reply_markup":
        return bad_request("can't parse reply keyboard markup JSON object")
    return bad_request(f"can't parse {name} JSON object")


def decode_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Typed view of the raw parameters; nested JSON objects decoded."""
    params: dict[str, Any] = {}
    for name, value in raw.items():
        if isinstance(value, UploadedFile):
            params[name] = value
        elif name in _JSON_FIELDS:
            if isinstance(value, str):
                try:
                    params[name] = json.loads(value)
                except ValueError:
                    raise _json_error(name) from None
            else:
                params[name] = value
        elif name in _INT_FIELDS:
            params[name] = _to_int(value)
        elif name in _FLOAT_FIELDS:
            params[name] = _to_float(value)
        elif name in _BOOL_FIELDS:
            params[name] = _to_bool(value)
        else:
            params[name] = value
    return params


def chat_id_param(params: Mapping[str, Any], *, required: bool = True) -> int | None:
    value = params.get("chat_id")
    if value is None or value == "":
        if required:
            raise bad_request("chat_id is empty")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        # The emulator has no public usernames (@channel), so any non-numeric id is unknown.
        raise bad_request("chat not found")
    return value


def int_param(params: Mapping[str, Any], name: str, default: int | None = None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f'invalid value for parameter "{name}" specified')
    return value


def float_param(params: Mapping[str, Any], name: str, default: float) -> float:
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad_request(f'invalid value for parameter "{name}" specified')
    return float(value)


def str_param(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise bad_request(f'parameter "{name}" must be a string')


def bool_param(params: Mapping[str, Any], name: str) -> bool:
    return params.get(name) is True


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not any(key in button for key in _CALLBACK_ACTIONS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"(https?|tg)://\S+$", url, re.IGNORECASE):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def reply_markup_param(params: Mapping[str, Any], *, inline_only: bool = False) -> JsonDict | None:
    """The validated reply_markup, or None. Raises the Bot API's error for a bad keyboard."""
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'can\'t parse inline keyboard: Field "inline_keyboard" must be an Array of Arrays'
            )
        buttons = [button for row in rows for button in row]
        if len(buttons) > _MAX_BUTTONS:
            raise bad_request("reply markup is too long")
        for button in buttons:
            _check_inline_button(button)
        return {"inline_keyboard": [[dict(button) for button in row] for row in rows if row]}
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('can\'t parse keyboard: Field "keyboard" must be an Array of Arrays')
        for row in rows:
            for button in row:
                if not isinstance(button, str) and not (
                    isinstance(button, dict) and isinstance(button.get("text"), str)
                ):
                    raise bad_request(
                        'can\'t parse keyboard button: Field "text" must be of type String'
                    )
        return dict(markup)
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return dict(markup)
    raise bad_request('can\'t find field "inline_keyboard"')


def commands_param(params: Mapping[str, Any]) -> list[JsonDict]:
    commands = params.get("commands")
    if commands is None:
        raise bad_request('parameter "commands" is required')
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    result: list[JsonDict] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand: BotCommand must be an Object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND_RE.fullmatch(name.removeprefix("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": name.removeprefix("/"), "description": description})
    return result


def scope_key(params: Mapping[str, Any]) -> str:
    """A canonical JSON string for the `scope` parameter (commands are stored per scope)."""
    scope = params.get("scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
        raise bad_request("unsupported bot command scope type")
    normalised: JsonDict = {"type": scope["type"]}
    if scope["type"] in _SCOPES_WITH_CHAT:
        normalised["chat_id"] = _to_int(scope.get("chat_id"))
        if not isinstance(normalised["chat_id"], int):
            raise bad_request("chat not found")
    if scope["type"] == "chat_member":
        normalised["user_id"] = _to_int(scope.get("user_id"))
        if not isinstance(normalised["user_id"], int):
            raise bad_request("invalid user_id specified")
    return json.dumps(normalised, sort_keys=True)
