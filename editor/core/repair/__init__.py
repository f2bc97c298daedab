"""Mojibake repair: find text whose UTF-8 bytes were decoded with the wrong charset and undo it.

The public face is :mod:`editor.core.encoding`; the modules here hold the engine.

How it works. UTF-8 read with a single-byte charset turns each non-ASCII character into
two to four characters whose bytes in that charset are a well-formed UTF-8 sequence
("’" -> "‚Äô" in Mac Roman). For each charset we know, candidate sequences are found
with compiled regexes (only inside stretches of non-ASCII text, so clean text costs a
regex scan), decoded, and judged:

* strong: mojibake beyond doubt ("‚Äô", "Ã©", an emoji, several in a row that read as
  one word, punctuation between the letters of a word as in "Nguyá»…n", a capital inside a
  lowercase word as in "siÄ™", opening punctuation after a letter as in "Ä„" or "â„–", a
  CJK or Korean syllable alone as in "ë‚´"). Repaired wherever found.
* firm: convincing, but real text could look like it in a text that is partly intact
  ("DrÃ¥ber" next to an intact dash). Repaired where its paragraph is damaged throughout.
* weak: plausible ("Â" before a no-break space). Repaired only where the document has
  strong evidence for the same charset and the paragraph is damaged throughout.

The charset with the most strong evidence in the document claims overlapping readings;
repairs are then searched again for a second (and third) layer of damage. Finally ftfy
gets a say on lines with leftovers only it knows how to handle (bytes already lost as
"�", no-break spaces turned into spaces, C1 controls), under a guard that keeps it off
places we judged ambiguous, off URL syntax, and away from unlikely characters.

Some single words stay ambiguous on their own and are left alone unless the text around
them is damaged too: Mac Roman "–∞" (Russian "а", or minus infinity), Windows-1252 "SÄ…"
(Polish "Są", or a capital "Ä" before an ellipsis), "Ã’" before a capital (Catalan "PERÒ",
or a Portuguese capital before an apostrophe), "Å“" alone (a lone "œ", or "Å" before a
German closing quote).

Speed: most text is clean, and text with nothing that could start a sequence or be left
for ftfy returns after two regex scans. A text that one charset decodes as a whole (the
usual damaged article) takes the uniform road: one C-speed decoding and a single strong
verdict; where no output hides a further layer, the changes are placed straight away.
Mojibake repeats itself, so every distinct stretch is judged once and the verdict cached,
as are the parts of a verdict that do not depend on the neighbours, the verdict on each
repaired output, and, for a text with a single zone (most short strings), the whole
outcome, so such a text costs a lookup and a scan for leftovers. Repairs that touch no
other are peeled apart one by one; the repaired text is planned as a whole only when
some verdict needs its context. A zone that reads as a word layer after layer is decided
from its readings alone. The caches are plain dictionaries, emptied when they grow large
(``memo``). While a long document is repaired the garbage collector waits: it would
otherwise promote the thousands of repairs that live until the end and then pass over
everything long-lived.

The modules, in the order a repair uses them: ``charsets`` (the tables and sequence
regexes), ``characters`` and ``clues`` (what a decoded sequence is worth), ``runs`` and
``zones`` (candidates, judged once per distinct stretch), ``evidence`` and
``paragraphs`` (the document-wide choice), ``uniform`` and ``single_zone`` (the fast
roads), ``fixes`` and ``layers`` (double damage), ``swallowed_spaces`` and ``legacy_c1``
(damage that is not a run of sequences), ``ftfy_lines``, ``ftfy_merge`` and
``ftfy_guard`` (ftfy's second opinion), ``diagnosis`` (the words), ``changes`` (what a
repair reports), ``engine`` (the steps in order); ``memo`` (the caches), ``spans`` and
``simulate`` are helpers.
"""
