-- A pandoc reader for many Markdown texts at once: the input is a JSON list
-- of {text, reader}; the output holds one Div per text, in order, with the
-- log messages its reading gave in the attribute "log" (a JSON list).
-- Starting pandoc once per file cost a dossier of 4,000 files 40 s.
--
-- Each text is read with the command line's reader options (columns, the
-- abbreviations of +smart). east_asian_line_breaks is not the reader's work
-- but a pass pandoc runs after reading: give it to this reader
-- (-f batch_reader.lua+east_asian_line_breaks) for texts that ask for it.
Extensions = { east_asian_line_breaks = false }

function Reader(input, opts)
  local items = pandoc.json.decode(tostring(input), false)
  local blocks = pandoc.Blocks {}
  for _, item in ipairs(items) do
    local messages, doc = pandoc.log.silence(pandoc.read, item.text, item.reader, opts)
    local log = {}
    for _, message in ipairs(messages) do
      log[#log + 1] = pandoc.json.decode(pandoc.json.encode(message), false)
    end
    local attr = pandoc.Attr("", {}, { { "log", pandoc.json.encode(log) } })
    blocks:insert(pandoc.Div(doc.blocks, attr))
  end
  return pandoc.Pandoc(blocks)
end
