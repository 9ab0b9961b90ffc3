"""The Bot API methods about the bot itself: getMe, the command lists per scope and language,
the menu button, and its description, short description and name."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from tgemu.models import JsonDict, bad_request
from tgemu.params import chat_id_param, commands_param, scope_key, str_param
from tgemu.state import EmulatorState, Handler

_MENU_BUTTON_TYPES = frozenset({"default", "commands", "web_app"})
_BOT_INFO_LIMITS = {"description": 512, "short_description": 120, "name": 64}


class BotSettingsMethods(EmulatorState):
    """getMe, logOut, close, the commands, the menu button and the bot's descriptions; tests
    read what the bot set through `commands()` and `menu_button()`."""

    _commands: dict[tuple[str, str], list[JsonDict]]
    _menu_buttons: dict[int | None, JsonDict]
    _bot_info: dict[tuple[str, str], str]

    def _init_bot_settings(self) -> None:
        self._commands = {}
        self._menu_buttons = {}
        self._bot_info = {}

    def _bot_settings_methods(self) -> dict[str, Handler]:
        return {
            "getMe": self._get_me,
            "logOut": self._return_true,
            "close": self._return_true,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "setMyDescription": self._bot_info_setter("description"),
            "getMyDescription": self._bot_info_getter("description"),
            "setMyShortDescription": self._bot_info_setter("short_description"),
            "getMyShortDescription": self._bot_info_getter("short_description"),
            "setMyName": self._bot_info_setter("name"),
            "getMyName": self._bot_info_getter("name"),
        }

    def commands(
        self, *, scope: JsonDict | None = None, language_code: str = ""
    ) -> list[JsonDict]:
        key = (scope_key({"scope": scope}), language_code)
        return copy.deepcopy(self._commands.get(key, []))

    def menu_button(self, chat_id: int | None = None) -> JsonDict:
        return copy.deepcopy(self._menu_buttons.get(chat_id, {"type": "default"}))

    async def _return_true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> JsonDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.group_privacy,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    @staticmethod
    def _language(params: Mapping[str, Any]) -> str:
        language = str_param(params, "language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        return language

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = commands_param(params)
        key = (scope_key(params), self._language(params))
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[JsonDict]:
        key = (scope_key(params), self._language(params))
        return copy.deepcopy(self._commands.get(key, []))

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop((scope_key(params), self._language(params)), None)
        return True

    async def _set_chat_menu_button(self, params: dict[str, Any]) -> bool:
        chat_id = chat_id_param(params, required=False)
        if chat_id is not None and chat_id not in self._chats:
            raise bad_request("chat not found")
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in _MENU_BUTTON_TYPES:
            raise bad_request("can't parse menu button JSON object")
        self._menu_buttons[chat_id] = dict(button)
        return True

    async def _get_chat_menu_button(self, params: dict[str, Any]) -> JsonDict:
        return self.menu_button(chat_id_param(params, required=False))

    def _bot_info_setter(self, kind: str) -> Handler:
        async def setter(params: dict[str, Any]) -> bool:
            value = str_param(params, kind) or ""
            if len(value) > _BOT_INFO_LIMITS[kind]:
                raise bad_request(f"{kind.replace('_', ' ')} is too long")
            self._bot_info[(kind, self._language(params))] = value
            return True

        return setter

    def _bot_info_getter(self, kind: str) -> Handler:
        async def getter(params: dict[str, Any]) -> JsonDict:
            language = self._language(params)
            value = self._bot_info.get((kind, language)) or self._bot_info.get((kind, ""), "")
            if kind == "name" and not value:
                value = self.bot_first_name
            return {kind: value}

        return getter
