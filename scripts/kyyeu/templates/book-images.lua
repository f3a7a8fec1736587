-- pandoc Lua filter for the printed book (kyyeu/build/pdf.py). pandoc's Typst writer drops an image's
-- description, which PDF/A-2a needs. Every image becomes raw Typst with its alt text. build/pdf.py has
-- already copied each image the Markdown names into the build folder and written its path there
-- (/img/<sha256>.<ext>); any other path cannot be read and is reported as a missing image.
-- Identifiers are dropped (the importer's {#dieu-1} anchors repeat in every paper, and pandoc's
-- --file-scope prefixes them with the build folder's path), and links to them keep only their text.
local function q(s) return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"' end
function Image(img)
  local src = img.src
  if not src:match("^/img/[0-9a-f]+%.%w+$") then src = "/missing/" .. src:gsub("[^%w._-]", "_") end
  local alt = pandoc.utils.stringify(img.caption)
  if alt == "" then alt = img.attributes.alt or "" end
  local args = q(src) .. ", alt: " .. q(alt)
  local w = img.attributes.width
  if w and w:match("^[%d.]+%%$") then args = args .. ", width: " .. w
  elseif w and w:match("^[%d.]+cm$") then args = args .. ", width: " .. w end
  return pandoc.RawInline("typst", "#box(image(" .. args .. "))")
end

local function plain(el) el.identifier = "" return el end
local function link(el)
  if el.target:match("^#") then return el.content end
  return el
end
return {{Image = Image, Header = plain, Div = plain, Span = plain, Link = link}}
