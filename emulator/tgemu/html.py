"""Telegram's HTML parse mode, reproduced closely enough to accept and reject exactly what
Telegram does (same error wording, byte offsets into the UTF-8 text, UTF-16 entity offsets).

Like Telegram, the parser is lenient where browsers are: a `&` that does not start a known
entity and a lone `>` are kept as literal text. It is strict about `<`: anything after it is a
tag, so an unescaped "a < b" fails with `Unsupported start tag ""`. The optional
`strict_ampersand` also rejects a bare `&`, for tests that want to catch missing escaping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tgemu.entities import JsonDict, check_link, sort_entities

_SPACE = frozenset(b" \t\r\n\x00\x0b")
_LT, _GT, _AMP, _SLASH, _EQ = (ord(c) for c in "<>&/=")
_QUOTES = frozenset(b"\"'")
_ATTRIBUTE_STOP = frozenset(b"=>/\"'")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_SUPPORTED_TAGS = frozenset(
    [
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    ]
)
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}


class EntityParseError(ValueError):
    """Telegram's reason for rejecting the markup, e.g. `Unexpected end tag at byte offset 3`."""


@dataclass(frozen=True)
class ParsedText:
    text: str
    entities: list[JsonDict] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    byte_offset: int


@dataclass
class _Entity:
    type: str
    offset: int
    length: int
    argument: str = ""

    def to_json(self) -> JsonDict:
        data: JsonDict = {"type": self.type, "offset": self.offset, "length": self.length}
        if self.type == "pre" and self.argument:
            data["language"] = self.argument
        elif self.type == "text_link":
            data["url"] = self.argument
        elif self.type == "text_mention":
            data["user"] = {"id": int(self.argument), "is_bot": False, "first_name": ""}
        elif self.type == "custom_emoji":
            data["custom_emoji_id"] = self.argument
        return data


def _is_alnum(byte: int) -> bool:
    return chr(byte).isascii() and chr(byte).isalnum()


def _decode_entity(data: bytes, pos: int) -> tuple[int, int] | None:
    """Code point and end position of the character reference at `pos`, if Telegram knows it."""
    size = len(data)
    end = pos + 1
    code = 0
    if end < size and data[end] == ord("#"):
        end += 1
        if end < size and data[end] == ord("x"):
            end += 1
            while end < size and chr(data[end]) in "0123456789abcdefABCDEF":
                code = code * 16 + int(chr(data[end]), 16)
                end += 1
        else:
            while end < size and chr(data[end]).isdigit() and data[end] < 0x80:
                code = code * 10 + data[end] - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
    else:
        while end < size and data[end] < 0x80 and chr(data[end]).isalpha():
            end += 1
        named = _NAMED.get(data[pos + 1 : end])
        if named is None:
            return None
        code = ord(named)
    if end < size and data[end] == ord(";"):
        end += 1
    return code, end


def _append_code_point(out: bytearray, code: int) -> None:
    out += chr(code).encode("utf-8", "surrogatepass")


def _utf16_units(first_byte: int) -> int:
    """UTF-16 units contributed by the character starting with this UTF-8 byte (0 if none)."""
    if first_byte & 0xC0 == 0x80:
        return 0
    return 2 if first_byte >= 0xF0 else 1


def _link_entity(url: str, offset: int, length: int) -> _Entity | None:
    if url.lower().startswith("tg://user?id="):
        user_id = url[len("tg://user?id=") :]
        if user_id.isdigit():
            return _Entity("text_mention", offset, length, user_id)
    checked = check_link(url)
    return _Entity("text_link", offset, length, checked) if checked else None


class _Parser:
    def __init__(self, source: str, *, strict_ampersand: bool) -> None:
        self.data = source.encode("utf-8", "surrogatepass")
        self.strict_ampersand = strict_ampersand
        self.out = bytearray()
        self.utf16 = 0
        self.pos = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[_Entity] = []
        self.has_surrogate = False

    def at(self, index: int) -> int:
        # tdlib reads a NUL terminator past the end; several checks rely on it.
        return self.data[index] if index < len(self.data) else 0

    def is_space(self, index: int) -> bool:
        return self.at(index) in _SPACE

    def skip_spaces(self) -> None:
        while self.at(self.pos) != 0 and self.is_space(self.pos):
            self.pos += 1

    def parse(self) -> ParsedText:
        while self.pos < len(self.data):
            byte = self.data[self.pos]
            if byte == _AMP:
                decoded = _decode_entity(self.data, self.pos)
                if decoded is not None:
                    code, self.pos = decoded
                    self.utf16 += 2 if code > 0xFFFF else 1
                    self.has_surrogate |= 0xD800 <= code <= 0xDFFF
                    _append_code_point(self.out, code)
                    continue
                if self.strict_ampersand:
                    raise EntityParseError(f'Unescaped "&" at byte offset {self.pos}')
            if byte != _LT:
                self.utf16 += _utf16_units(byte)
                self.out.append(byte)
                self.pos += 1
                continue
            if self.at(self.pos + 1) == _SLASH:
                self.end_tag()
            else:
                self.start_tag()
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        if self.has_surrogate:
            raise EntityParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        entities = sort_entities(entity.to_json() for entity in self.entities)
        return ParsedText(self.out.decode("utf-8"), entities)

    def start_tag(self) -> None:
        begin = self.pos
        self.pos += 1
        while not self.is_space(self.pos) and self.at(self.pos) != _GT:
            self.pos += 1
        if self.at(self.pos) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        tag = self.data[begin + 1 : self.pos].lower().decode("utf-8", "replace")
        if tag not in _SUPPORTED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
        argument = ""
        while self.at(self.pos) != _GT:
            self.skip_spaces()
            if self.at(self.pos) == _GT:
                break
            name_begin = self.pos
            while not self.is_space(self.pos) and self.at(self.pos) not in _ATTRIBUTE_STOP:
                self.pos += 1
            name = self.data[name_begin : self.pos].decode("utf-8", "replace")
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                )
            self.skip_spaces()
            if self.at(self.pos) != _EQ:
                if self.at(self.pos) == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if tag == "blockquote" and name == "expandable":
                    argument = "1"
                continue
            self.pos += 1
            self.skip_spaces()
            if self.at(self.pos) == 0:
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            value = self.attribute_value()
            if self.at(self.pos) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            argument = self.tag_argument(tag, name, value, argument)
        self.pos += 1
        if tag == "span" and argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
            )
        self.stack.append(_OpenTag(tag, argument, self.utf16, len(self.out)))

    def attribute_value(self) -> str:
        quote = self.at(self.pos)
        if quote not in _QUOTES:
            # An unquoted value is an SGML name token, case-insensitive like in tdlib.
            token_begin = self.pos
            while _is_alnum(self.at(self.pos)) or self.at(self.pos) in b".-":
                self.pos += 1
            if not self.is_space(self.pos) and self.at(self.pos) != _GT:
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {token_begin}"
                )
            return self.data[token_begin : self.pos].lower().decode("utf-8", "replace")
        self.pos += 1
        value = bytearray()
        while self.at(self.pos) not in (quote, 0):
            if self.at(self.pos) == _AMP:
                decoded = _decode_entity(self.data, self.pos)
                if decoded is not None:
                    code, self.pos = decoded
                    _append_code_point(value, code)
                    continue
            value.append(self.data[self.pos])
            self.pos += 1
        if self.at(self.pos) == quote:
            self.pos += 1
        return value.decode("utf-8", "replace")

    @staticmethod
    def tag_argument(tag: str, name: str, value: str, current: str) -> str:
        if tag == "a" and name == "href":
            return value
        if tag == "code" and name == "class" and value.startswith("language-"):
            return value[len("language-") :]
        if tag == "span" and name == "class" and value.startswith("tg-"):
            return value[len("tg-") :]
        if tag == "tg-emoji" and name == "emoji-id":
            return value
        if tag == "blockquote" and name == "expandable":
            return "1"
        return current

    def end_tag(self) -> None:
        begin = self.pos
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        self.pos += 1
        while not self.is_space(self.pos) and self.at(self.pos) != _GT:
            self.pos += 1
        end_name = self.data[begin + 2 : self.pos].lower().decode("utf-8", "replace")
        while self.at(self.pos) != 0 and self.is_space(self.pos):
            self.pos += 1
        if self.at(self.pos) != _GT:
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        self.pos += 1
        opened = self.stack[-1]
        if end_name and end_name != opened.name:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{opened.name}>", '
                f'found "</{end_name}>"'
            )
        if self.utf16 > opened.utf16_offset:
            self.add_entity(opened)
        self.stack.pop()

    def add_entity(self, opened: _OpenTag) -> None:
        offset, length = opened.utf16_offset, self.utf16 - opened.utf16_offset
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and (last.offset, last.length) == (offset, length)
        if opened.name in _SIMPLE_TAGS:
            self.entities.append(_Entity(_SIMPLE_TAGS[opened.name], offset, length))
        elif opened.name == "tg-emoji":
            if not opened.argument.isdigit() or int(opened.argument) == 0:
                raise EntityParseError("Invalid custom emoji identifier specified")
            self.entities.append(_Entity("custom_emoji", offset, length, opened.argument))
        elif opened.name == "a":
            url = opened.argument or self.out[opened.byte_offset :].decode("utf-8", "replace")
            link = _link_entity(url, offset, length)
            if link is not None:
                self.entities.append(link)
        elif opened.name == "pre":
            # <code class="language-x"> directly inside <pre> makes a pre with a language.
            if last is not None and same_span and last.type == "code" and last.argument:
                last.type = "pre"
            else:
                self.entities.append(_Entity("pre", offset, length))
        elif opened.name == "code":
            if last is not None and same_span and last.type == "pre" and opened.argument:
                last.argument = opened.argument
            else:
                self.entities.append(_Entity("code", offset, length, opened.argument))
        else:
            kind = "expandable_blockquote" if opened.argument else "blockquote"
            self.entities.append(_Entity(kind, offset, length))


def parse_html(source: str, *, strict_ampersand: bool = False) -> ParsedText:
    """Parse `source` like Telegram's `parse_mode=HTML`; raise EntityParseError like Telegram."""
    return _Parser(source, strict_ampersand=strict_ampersand).parse()
