"""The Teams app package: a valid manifest with the bot's commands and the two icons Teams requires."""

from __future__ import annotations

import json
import struct
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[3] / "integrations" / "teams" / "manifest"


def _png(path: Path) -> tuple[int, int, int]:
    """(width, height, colour type) from the PNG header; colour type 6 is RGBA."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height, data[25]


def test_manifest_and_icons() -> None:
    manifest = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["manifestVersion"] == "1.19"
    (bot,) = manifest["bots"]
    assert bot["botId"] == "${{BOT_ID}}" and set(bot["scopes"]) == {"personal", "team", "groupChat"}
    commands = [c["title"] for c in bot["commandLists"][0]["commands"]]
    assert commands == ["refer", "help"]
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert len(manifest["description"]["full"]) <= 4000
    assert _png(FOLDER / manifest["icons"]["color"])[:2] == (192, 192)
    assert _png(FOLDER / manifest["icons"]["outline"]) == (32, 32, 6)  # transparent outline icon
