"""The Bot API methods on chats and messages: sending, editing and deleting messages, answering
callback queries, chat actions, documents and files, with Telegram's checks and error texts."""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping
from typing import Any

from tgemu.entities import find_auto_entities, sort_entities, trim, utf16_len
from tgemu.faults import FaultInjection
from tgemu.html import EntityParseError, parse_html
from tgemu.models import (
    ApiError,
    CallbackAnswer,
    ChatInfo,
    JsonDict,
    StoredFile,
    UploadedFile,
    bad_request,
)
from tgemu.params import bool_param, chat_id_param, int_param, reply_markup_param, str_param
from tgemu.state import Handler, Record

_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_DELETE_WINDOW = 48 * 3600
_CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


class MessageMethods(FaultInjection):
    """sendMessage, editMessage*, deleteMessage, answerCallbackQuery, sendChatAction,
    sendDocument, getFile and getChat; sends and edits count against the flood limits."""

    def _message_methods(self) -> dict[str, Handler]:
        return {
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "sendDocument": self._send_document,
            "getFile": self._get_file,
            "getChat": self._get_chat,
        }

    # ------------------------------------------------------------------ checks shared by methods

    def _chat(self, params: Mapping[str, Any]) -> ChatInfo:
        chat_id = chat_id_param(params)
        assert chat_id is not None
        chat = self._chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _writable_chat(self, params: Mapping[str, Any]) -> ChatInfo:
        chat = self._chat(params)
        if chat.type == "private":
            if chat.id in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if chat.id not in self._started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def _format(
        self, params: Mapping[str, Any], *, caption: bool
    ) -> tuple[str, list[JsonDict], str | None]:
        """Text (or caption), entities and the source HTML, as Telegram would store them."""
        text_field = "caption" if caption else "text"
        entities_field = "caption_entities" if caption else "entities"
        raw = str_param(params, text_field) or ""
        parse_mode = (str_param(params, "parse_mode") or "").strip()
        html: str | None = None
        if parse_mode:
            if parse_mode.lower() != "html":
                if parse_mode.lower() in {"markdown", "markdownv2"}:
                    raise bad_request(f"the emulator does not support parse_mode {parse_mode}")
                raise bad_request("unsupported parse_mode")
            try:
                parsed = parse_html(raw, strict_ampersand=self.strict_html)
            except EntityParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
            html, text, entities = raw, parsed.text, parsed.entities
        else:
            text = raw
            given = params.get(entities_field) or []
            if not isinstance(given, list):
                raise bad_request(f"can't parse {entities_field} JSON object")
            entities = [dict(e) for e in given if isinstance(e, dict)]
        text, entities = trim(text, entities)
        limit = _MAX_CAPTION if caption else _MAX_TEXT
        if not text and not caption:
            raise bad_request("message text is empty")
        if utf16_len(text) > limit:
            raise bad_request("message caption is too long" if caption else "message is too long")
        for entity in entities:
            user_id = entity.get("user", {}).get("id")
            if entity["type"] == "text_mention" and user_id in self._users:
                entity["user"] = self._users[user_id].to_json()
        return text, sort_entities(entities + find_auto_entities(text, entities)), html

    def _reply_to(self, chat: ChatInfo, params: Mapping[str, Any]) -> JsonDict | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            if not isinstance(message_id, int):
                raise bad_request("can't parse reply_parameters JSON object")
            allow_missing = reply.get("allow_sending_without_reply") is True
        else:
            message_id = int_param(params, "reply_to_message_id")
            allow_missing = bool_param(params, "allow_sending_without_reply")
        if message_id is None:
            return None
        record = self._messages.get((chat.id, message_id))
        if record is None or record.deleted:
            if allow_missing:
                return None
            raise bad_request("message to be replied not found")
        return {k: copy.deepcopy(v) for k, v in record.data.items() if k != "reply_to_message"}

    def _store_bot_message(
        self,
        chat: ChatInfo,
        content: JsonDict,
        params: Mapping[str, Any],
        *,
        html: str | None,
        document_content: bytes | None = None,
    ) -> JsonDict:
        markup = reply_markup_param(params)
        reply_to = self._reply_to(chat, params)
        data: JsonDict = {
            "message_id": self._new_message_id(chat.id),
            "from": self.bot_user,
            "chat": chat.to_json(),
            "date": self._now(),
        }
        if reply_to is not None:
            data["reply_to_message"] = reply_to
        if bool_param(params, "protect_content"):
            data["has_protected_content"] = True
        data.update(content)
        reply_keyboard = None
        if markup is not None and "inline_keyboard" in markup:
            data["reply_markup"] = markup
        elif markup is not None:
            reply_keyboard = markup
            if "keyboard" in markup:
                self._reply_keyboards[chat.id] = markup
            elif markup.get("remove_keyboard"):
                self._reply_keyboards.pop(chat.id, None)
        self._messages[(chat.id, data["message_id"])] = Record(
            data=data,
            from_bot=True,
            seq=self._next_seq(),
            html=html,
            reply_keyboard=reply_keyboard,
            document_content=document_content,
        )
        self._count_send(chat)
        return copy.deepcopy(data)

    def _editable(self, params: Mapping[str, Any]) -> tuple[ChatInfo, Record]:
        if params.get("inline_message_id"):
            raise bad_request("the emulator has no inline messages")
        chat = self._writable_chat(params)
        message_id = int_param(params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        record = self._messages.get((chat.id, message_id))
        if record is None or record.deleted:
            raise bad_request("message to edit not found")
        if not record.from_bot:
            raise bad_request("message can't be edited")
        return chat, record

    def _apply_edit(
        self, chat: ChatInfo, record: Record, changes: JsonDict, *, html: str | None
    ) -> JsonDict:
        markup = reply_markup_param(changes, inline_only=True)
        # Telegram omits empty entity lists, so [] and "absent" are the same content.
        current = {k: record.data.get(k) or None for k in changes if k != "reply_markup"}
        wanted = {k: v or None for k, v in changes.items() if k != "reply_markup"}
        if current == wanted and record.data.get("reply_markup") == markup:
            raise bad_request(_NOT_MODIFIED)
        old_text = record.data.get("text", record.data.get("caption"))
        if "text" in changes or "caption" in changes:
            record.previous_texts.append(old_text or "")
            record.data["edit_date"] = self._now()
            record.html = html
        for key, value in wanted.items():
            if value:
                record.data[key] = value
            else:
                record.data.pop(key, None)
        if markup is None:
            record.data.pop("reply_markup", None)
        else:
            record.data["reply_markup"] = markup
        record.seq = self._next_seq()
        self._count_send(chat)
        return copy.deepcopy(record.data)

    # ------------------------------------------------------------------ the methods

    async def _send_message(self, params: dict[str, Any]) -> JsonDict:
        chat = self._writable_chat(params)
        self._check_flood("sendMessage", chat)
        text, entities, html = self._format(params, caption=False)
        content: JsonDict = {"text": text}
        if entities:
            content["entities"] = entities
        return self._store_bot_message(chat, content, params, html=html)

    async def _edit_message_text(self, params: dict[str, Any]) -> JsonDict:
        chat, record = self._editable(params)
        self._check_flood("editMessageText", chat)
        if "text" not in record.data:
            raise bad_request("there is no text in the message to edit")
        text, entities, html = self._format(params, caption=False)
        changes: JsonDict = {"text": text, "entities": entities}
        if "reply_markup" in params:
            changes["reply_markup"] = params["reply_markup"]
        return self._apply_edit(chat, record, changes, html=html)

    async def _edit_message_caption(self, params: dict[str, Any]) -> JsonDict:
        chat, record = self._editable(params)
        self._check_flood("editMessageCaption", chat)
        if "text" in record.data:
            raise bad_request("there is no caption in the message to edit")
        caption, entities, html = self._format(params, caption=True)
        changes: JsonDict = {"caption": caption, "caption_entities": entities}
        if "reply_markup" in params:
            changes["reply_markup"] = params["reply_markup"]
        return self._apply_edit(chat, record, changes, html=html)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> JsonDict:
        chat, record = self._editable(params)
        self._check_flood("editMessageReplyMarkup", chat)
        changes: JsonDict = {}
        if "reply_markup" in params:
            changes["reply_markup"] = params["reply_markup"]
        return self._apply_edit(chat, record, changes, html=record.html)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params)
        message_id = int_param(params, "message_id")
        record = self._messages.get((chat.id, message_id or 0))
        if record is None or record.deleted:
            raise bad_request("message to delete not found")
        too_old = self._now() - int(record.data["date"]) > _DELETE_WINDOW
        if too_old or (chat.type != "private" and not record.from_bot):
            raise bad_request("message can't be deleted for everyone")
        record.deleted = True
        record.seq = self._next_seq()
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str_param(params, "callback_query_id")
        if not query_id:
            raise bad_request('parameter "callback_query_id" is required')
        text = str_param(params, "text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query = self._queries.get(query_id)
        if (
            query is None
            or query.answered
            or time.monotonic() - query.created > self.callback_query_ttl
        ):
            raise bad_request(_QUERY_TOO_OLD)
        query.answered = True
        self.callback_answers.append(
            CallbackAnswer(
                query_id=query_id,
                text=text,
                show_alert=bool_param(params, "show_alert"),
                url=str_param(params, "url"),
                cache_time=int_param(params, "cache_time", 0) or 0,
            )
        )
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._writable_chat(params)
        if str_param(params, "action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _document_param(self, params: Mapping[str, Any]) -> StoredFile:
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))
        if isinstance(document, UploadedFile):
            if not document.content:
                raise bad_request("file must be non-empty")
            return self._new_file(
                "document",
                document.content,
                file_name=document.file_name,
                mime_type=document.mime_type,
            )
        if isinstance(document, str) and document in self._files:
            return self._files[document]
        if isinstance(document, str) and document.lower().startswith(("http://", "https://")):
            # The emulator does not fetch URLs; Telegram's error for an unreachable one.
            raise bad_request("failed to get HTTP URL content")
        if document:
            raise bad_request("wrong file identifier/HTTP URL specified")
        raise bad_request('parameter "document" is required')

    async def _send_document(self, params: dict[str, Any]) -> JsonDict:
        chat = self._writable_chat(params)
        self._check_flood("sendDocument", chat)
        stored = self._document_param(params)
        caption, entities, html = self._format(params, caption=True)
        document: JsonDict = {
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        content: JsonDict = {"document": {k: v for k, v in document.items() if v is not None}}
        if caption:
            content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
        return self._store_bot_message(
            chat, content, params, html=html, document_content=stored.content
        )

    async def _get_file(self, params: dict[str, Any]) -> JsonDict:
        stored = self._files.get(str_param(params, "file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    async def _get_chat(self, params: dict[str, Any]) -> JsonDict:
        chat = self._chat(params)
        return {
            **chat.to_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
