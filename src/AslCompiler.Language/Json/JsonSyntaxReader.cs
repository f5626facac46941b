using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Json;

/// <summary>
/// Reads JSON text (RFC 8259, strictly) into <see cref="JsonSyntaxNode"/> values that keep their
/// JSON Pointer and source span. It never throws on bad input and never recurses, so hostile
/// input costs at most linear time and memory: problems come back as positioned diagnostics.
/// </summary>
public static partial class JsonSyntaxReader
{
    /// <summary>Reads <paramref name="text"/>.</summary>
    public static JsonParseResult Parse(string text, JsonReaderOptions? options = null)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return new Parser(text, options ?? JsonReaderOptions.Default).Run();
    }

    /// <summary>Reads UTF-8 bytes (a leading byte order mark is skipped); malformed UTF-8 is a positioned error.</summary>
    public static JsonParseResult Parse(byte[] utf8, JsonReaderOptions? options = null)
    {
        if (utf8 is null)
        {
            throw new ArgumentNullException(nameof(utf8));
        }

        var start = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? 3 : 0;
        var invalid = Utf8Validator.FindFirstInvalid(utf8, start);
        if (invalid >= 0)
        {
            var prefix = Encoding.UTF8.GetString(utf8, start, invalid - start);
            var source = new SourceText(prefix);
            var span = source.GetSpan(prefix.Length, prefix.Length);
            var message = string.Format(
                CultureInfo.InvariantCulture,
                "Invalid UTF-8: byte 0x{0:X2} at byte offset {1} does not form a valid sequence.",
                utf8[invalid],
                invalid);
            return new JsonParseResult(source, null, new[] { new JsonDiagnostic(JsonErrorKind.InvalidUtf8, message, span, string.Empty) });
        }

        return Parse(Encoding.UTF8.GetString(utf8, start, utf8.Length - start), options);
    }

    /// <summary>Reads a whole stream of UTF-8 text.</summary>
    public static JsonParseResult Parse(Stream utf8, JsonReaderOptions? options = null)
    {
        if (utf8 is null)
        {
            throw new ArgumentNullException(nameof(utf8));
        }

        using var buffer = new MemoryStream();
        utf8.CopyTo(buffer);
        return Parse(buffer.ToArray(), options);
    }

    private sealed class Frame
    {
        public bool IsObject;
        public int Start;
        public int StartLine;
        public int StartColumn;
        public readonly List<JsonPropertySyntax> Properties = new();
        public readonly List<JsonSyntaxNode> Items = new();
        public Dictionary<string, int>? Names;
        public string? PendingName;
        public SourceSpan PendingNameSpan;

        public void Reset(bool isObject, int start, int line, int column)
        {
            IsObject = isObject;
            Start = start;
            StartLine = line;
            StartColumn = column;
            Properties.Clear();
            Items.Clear();
            Names = null;
            PendingName = null;
        }
    }

    private sealed class ParseException : Exception
    {
        public ParseException(JsonDiagnostic diagnostic)
            : base(diagnostic.Message) => Diagnostic = diagnostic;

        public JsonDiagnostic Diagnostic { get; }
    }

    private sealed class Parser
    {
        private const int NameIndexThreshold = 8;

        private static readonly char[] LineBreaks = { '\r', '\n' };

        private readonly string _text;
        private readonly JsonReaderOptions _options;
        private readonly List<JsonDiagnostic> _diagnostics = new();
        private readonly List<Frame> _frames = new();
        private readonly StringBuilder _builder = new();
        private readonly StringCache _strings = new();
        private int _depth;
        private int _pos;
        private int _line;
        private int _lineStart;

        public Parser(string text, JsonReaderOptions options)
        {
            _text = text;
            _options = options;
        }

        /// <summary>What the reader expected where it stopped on an unexpected character or the end of the text.</summary>
        public Expectation Expected { get; private set; }

        public JsonParseResult Run()
        {
            JsonSyntaxNode? root = null;
            try
            {
                if (_text.Length > 0 && _text[0] == '\uFEFF')
                {
                    _pos = 1;
                    _lineStart = 1;
                }

                SkipWhitespace();
                if (_pos >= _text.Length)
                {
                    throw Error(JsonErrorKind.EmptyDocument, "The document is empty: expected a JSON value.", _pos, _pos);
                }

                root = ParseValue();
                SkipWhitespace();
                if (_pos < _text.Length)
                {
                    throw Error(JsonErrorKind.TrailingContent, $"Unexpected {Describe(_text[_pos])} after the end of the JSON value.", _pos, _pos + 1);
                }
            }
            catch (ParseException e)
            {
                _diagnostics.Add(e.Diagnostic);
                root = null;
            }

            return new JsonParseResult(new SourceText(_text), root, _diagnostics.ToArray());
        }

        private JsonSyntaxNode ParseValue()
        {
            while (true)
            {
                SkipWhitespace();
                JsonSyntaxNode value;
                var c = Peek();
                if (c == '{' || c == '[')
                {
                    var isObject = c == '{';
                    if (_depth >= _options.MaxDepth)
                    {
                        throw Error(JsonErrorKind.TooDeep, $"Objects and arrays are nested more than {_options.MaxDepth} levels deep.", _pos, _pos + 1);
                    }

                    var frame = Push(isObject);
                    _pos++;
                    SkipWhitespace();
                    if (Peek() == (isObject ? '}' : ']'))
                    {
                        _pos++;
                        value = Pop();
                    }
                    else
                    {
                        if (isObject)
                        {
                            ReadMemberName(frame, afterComma: false);
                        }

                        continue;
                    }
                }
                else
                {
                    value = ParseScalar();
                }

                // A value is complete: hand it to the enclosing containers, closing those that end here.
                while (true)
                {
                    if (_depth == 0)
                    {
                        return value;
                    }

                    var frame = _frames[_depth - 1];
                    if (frame.IsObject)
                    {
                        frame.Properties.Add(new JsonPropertySyntax(frame.PendingName!, frame.PendingNameSpan, value));
                    }
                    else
                    {
                        frame.Items.Add(value);
                    }

                    SkipWhitespace();
                    var next = Peek();
                    var close = frame.IsObject ? '}' : ']';
                    if (next == ',')
                    {
                        var comma = _pos;
                        _pos++;
                        SkipWhitespace();
                        if (Peek() == close)
                        {
                            throw Error(JsonErrorKind.TrailingComma, $"Trailing comma before '{close}' is not allowed in JSON.", comma, comma + 1);
                        }

                        if (frame.IsObject)
                        {
                            ReadMemberName(frame, afterComma: true);
                        }

                        break;
                    }

                    if (next == close)
                    {
                        _pos++;
                        value = Pop();
                        continue;
                    }

                    throw frame.IsObject
                        ? Unexpected(Expectation.ObjectContinuation, "',' or '}' after an object member")
                        : Unexpected(Expectation.ArrayContinuation, "',' or ']' after an array element");
                }
            }
        }

        private Frame Push(bool isObject)
        {
            Frame frame;
            if (_depth < _frames.Count)
            {
                frame = _frames[_depth];
            }
            else
            {
                frame = new Frame();
                _frames.Add(frame);
            }

            frame.Reset(isObject, _pos, _line, _pos - _lineStart);
            _depth++;
            return frame;
        }

        private JsonSyntaxNode Pop()
        {
            var frame = _frames[--_depth];
            var span = new SourceSpan(frame.Start, _pos, frame.StartLine, frame.StartColumn, _line, _pos - _lineStart);
            if (frame.IsObject)
            {
                var properties = frame.Properties.ToArray();
                frame.Properties.Clear();
                return new JsonObjectSyntax(span, properties);
            }

            var items = frame.Items.ToArray();
            frame.Items.Clear();
            return new JsonArraySyntax(span, items);
        }

        private void ReadMemberName(Frame frame, bool afterComma)
        {
            if (Peek() != '"')
            {
                throw afterComma
                    ? Unexpected(Expectation.MemberNameAfterComma, "a member name in double quotes after ','")
                    : Unexpected(Expectation.MemberName, "a member name in double quotes or '}'");
            }

            var start = _pos;
            var name = ReadString(out _);
            var nameSpan = SpanFrom(start);
            CheckDuplicate(frame, name, nameSpan);
            frame.PendingName = name;
            frame.PendingNameSpan = nameSpan;
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw Unexpected(Expectation.Colon, "':' after the member name");
            }

            _pos++;
        }

        private void CheckDuplicate(Frame frame, string name, SourceSpan nameSpan)
        {
            var properties = frame.Properties;
            var previous = -1;
            if (frame.Names is not null)
            {
                if (frame.Names.TryGetValue(name, out var index))
                {
                    previous = index;
                }
            }
            else
            {
                for (var i = 0; i < properties.Count; i++)
                {
                    if (string.Equals(properties[i].Name, name, StringComparison.Ordinal))
                    {
                        previous = i;
                        break;
                    }
                }

                if (properties.Count >= NameIndexThreshold)
                {
                    frame.Names = new Dictionary<string, int>(StringComparer.Ordinal);
                    for (var i = 0; i < properties.Count; i++)
                    {
                        if (!frame.Names.ContainsKey(properties[i].Name))
                        {
                            frame.Names.Add(properties[i].Name, i);
                        }
                    }
                }
            }

            if (previous >= 0)
            {
                var first = properties[previous].NameSpan;
                var message = string.Format(
                    CultureInfo.InvariantCulture,
                    "Duplicate key \"{0}\": it already appears at line {1}, column {2}.",
                    name,
                    first.StartLine + 1,
                    first.StartColumn + 1);
                _diagnostics.Add(new JsonDiagnostic(JsonErrorKind.DuplicateKey, message, nameSpan, CurrentPointer(name)));
            }
            else if (frame.Names is not null)
            {
                frame.Names.Add(name, properties.Count);
            }
        }

        private JsonSyntaxNode ParseScalar()
        {
            var start = _pos;
            var line = _line;
            var column = _pos - _lineStart;
            var c = Peek();
            switch (c)
            {
                case '"':
                    var value = ReadString(out var escaped);
                    var raw = escaped ? _text.Substring(start + 1, _pos - start - 2) : null;
                    return new JsonStringSyntax(Span(start, line, column), value, raw);
                case 't':
                    ReadLiteral("true");
                    return new JsonBooleanSyntax(Span(start, line, column), true);
                case 'f':
                    ReadLiteral("false");
                    return new JsonBooleanSyntax(Span(start, line, column), false);
                case 'n':
                    ReadLiteral("null");
                    return new JsonNullSyntax(Span(start, line, column));
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        var isInteger = ReadNumber();
                        return new JsonNumberSyntax(Span(start, line, column), _text.Substring(start, _pos - start), isInteger);
                    }

                    throw Unexpected(Expectation.Value, "a JSON value (object, array, string, number, true, false or null)");
            }
        }

        private void ReadLiteral(string literal)
        {
            var start = _pos;
            for (var i = 0; i < literal.Length; i++)
            {
                if (_pos >= _text.Length || _text[_pos] != literal[i])
                {
                    var end = _pos;
                    while (end < _text.Length && char.IsLetterOrDigit(_text[end]))
                    {
                        end++;
                    }

                    throw Error(
                        JsonErrorKind.InvalidLiteral,
                        $"Invalid literal '{_text.Substring(start, Math.Max(end - start, 1))}': did you mean '{literal}'?",
                        start,
                        Math.Max(end, start + 1));
                }

                _pos++;
            }

            if (_pos < _text.Length && char.IsLetterOrDigit(_text[_pos]))
            {
                throw Unexpected(Expectation.Delimiter, $"a delimiter after '{literal}'");
            }
        }

        private bool ReadNumber()
        {
            var start = _pos;
            var isInteger = true;
            if (_text[_pos] == '-')
            {
                _pos++;
            }

            if (_pos >= _text.Length || !IsDigit(_text[_pos]))
            {
                throw NumberError(start, "expected a digit after '-'");
            }

            if (_text[_pos] == '0')
            {
                _pos++;
                if (_pos < _text.Length && IsDigit(_text[_pos]))
                {
                    throw NumberError(start, "leading zeros are not allowed");
                }
            }
            else
            {
                SkipDigits();
            }

            if (_pos < _text.Length && _text[_pos] == '.')
            {
                isInteger = false;
                _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos]))
                {
                    throw NumberError(start, "expected a digit after '.'");
                }

                SkipDigits();
            }

            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
            {
                isInteger = false;
                _pos++;
                if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-'))
                {
                    _pos++;
                }

                if (_pos >= _text.Length || !IsDigit(_text[_pos]))
                {
                    throw NumberError(start, "expected a digit in the exponent");
                }

                SkipDigits();
            }

            if (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '.' || _text[_pos] == '+' || _text[_pos] == '-'))
            {
                throw NumberError(start, $"unexpected {Describe(_text[_pos])}");
            }

            return isInteger;
        }

        private void SkipDigits()
        {
            while (_pos < _text.Length && IsDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        private ParseException NumberError(int start, string reason)
        {
            var end = Math.Min(Math.Max(_pos + 1, start + 1), _text.Length);
            var shown = _text.Substring(start, Math.Min(end - start, 40));
            return Error(JsonErrorKind.InvalidNumber, $"Invalid number '{shown}': {reason}.", start, Math.Max(end, start));
        }

        // Reads a string starting at the opening quote; leaves _pos after the closing quote.
        private string ReadString(out bool escaped)
        {
            var open = _pos;
            _pos++;
            var segmentStart = _pos;
            escaped = false;
            _builder.Clear();
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error(JsonErrorKind.UnterminatedString, "Unterminated string: the closing '\"' is missing.", open, _pos);
                }

                var c = _text[_pos];
                if (c == '"')
                {
                    string result;
                    if (escaped)
                    {
                        _builder.Append(_text, segmentStart, _pos - segmentStart);
                        result = _builder.ToString();
                    }
                    else
                    {
                        result = _strings.Get(_text, segmentStart, _pos - segmentStart);
                    }

                    _pos++;
                    return result;
                }

                if (c == '\\')
                {
                    escaped = true;
                    _builder.Append(_text, segmentStart, _pos - segmentStart);
                    ReadEscape();
                    segmentStart = _pos;
                    continue;
                }

                if (c is '\n' or '\r')
                {
                    // Most often the closing quote is missing (a string being typed): say so, and underline the string
                    // from its opening quote to the end of its line rather than the line break alone.
                    throw Error(
                        JsonErrorKind.ControlCharacterInString,
                        "Unterminated string: a string must end on the line it starts (write a line break inside it as \\n).",
                        open,
                        _pos);
                }

                if (c < 0x20)
                {
                    throw Error(
                        JsonErrorKind.ControlCharacterInString,
                        string.Format(CultureInfo.InvariantCulture, "Control character U+{0:X4} must be escaped inside a string.", (int)c),
                        _pos,
                        _pos + 1);
                }

                if (char.IsSurrogate(c))
                {
                    if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
                    {
                        _pos += 2;
                        continue;
                    }

                    throw Error(
                        JsonErrorKind.LoneSurrogate,
                        string.Format(CultureInfo.InvariantCulture, "Lone surrogate U+{0:X4} in a string: it is not a Unicode character.", (int)c),
                        _pos,
                        _pos + 1);
                }

                _pos++;
            }
        }

        private void ReadEscape()
        {
            var start = _pos;
            if (_pos + 1 >= _text.Length)
            {
                throw Error(JsonErrorKind.UnterminatedString, "Unterminated string: the text ends inside an escape sequence.", start, _text.Length);
            }

            var e = _text[_pos + 1];
            _pos += 2;
            switch (e)
            {
                case '"': _builder.Append('"'); return;
                case '\\': _builder.Append('\\'); return;
                case '/': _builder.Append('/'); return;
                case 'b': _builder.Append('\b'); return;
                case 'f': _builder.Append('\f'); return;
                case 'n': _builder.Append('\n'); return;
                case 'r': _builder.Append('\r'); return;
                case 't': _builder.Append('\t'); return;
                case 'u':
                    var unit = ReadHex4(start);
                    if (char.IsHighSurrogate(unit))
                    {
                        if (_pos + 1 < _text.Length && _text[_pos] == '\\' && _text[_pos + 1] == 'u')
                        {
                            var lowStart = _pos;
                            _pos += 2;
                            var low = ReadHex4(lowStart);
                            if (char.IsLowSurrogate(low))
                            {
                                _builder.Append(unit).Append(low);
                                return;
                            }
                        }

                        throw LoneSurrogate(start, unit);
                    }

                    if (char.IsLowSurrogate(unit))
                    {
                        throw LoneSurrogate(start, unit);
                    }

                    _builder.Append(unit);
                    return;
                default:
                    throw Error(
                        JsonErrorKind.InvalidEscape,
                        $"Invalid escape sequence '\\{Printable(e)}': JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.",
                        start,
                        start + 2);
            }
        }

        private ParseException LoneSurrogate(int start, char unit) => Error(
            JsonErrorKind.LoneSurrogate,
            string.Format(CultureInfo.InvariantCulture, "Lone surrogate \\u{0:X4} in a string: a high surrogate must be followed by a low one.", (int)unit),
            start,
            start + 6);

        private char ReadHex4(int escapeStart)
        {
            var value = 0;
            for (var i = 0; i < 4; i++)
            {
                var h = _pos < _text.Length ? HexValue(_text[_pos]) : -1;
                if (h < 0)
                {
                    throw Error(
                        JsonErrorKind.InvalidEscape,
                        "Invalid \\u escape: expected four hexadecimal digits.",
                        escapeStart,
                        Math.Min(_pos + 1, _text.Length));
                }

                value = (value << 4) | h;
                _pos++;
            }

            return (char)value;
        }

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == ' ' || c == '\t')
                {
                    _pos++;
                }
                else if (c == '\n')
                {
                    _pos++;
                    _line++;
                    _lineStart = _pos;
                }
                else if (c == '\r')
                {
                    _pos++;
                    if (_pos < _text.Length && _text[_pos] == '\n')
                    {
                        _pos++;
                    }

                    _line++;
                    _lineStart = _pos;
                }
                else if (c == '/' && _pos + 1 < _text.Length && (_text[_pos + 1] == '/' || _text[_pos + 1] == '*'))
                {
                    throw Error(JsonErrorKind.Comment, "Comments are not allowed in JSON.", _pos, _pos + 2);
                }
                else
                {
                    return;
                }
            }
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private ParseException Unexpected(Expectation expectation, string expected)
        {
            Expected = expectation;
            if (_pos >= _text.Length)
            {
                return Error(JsonErrorKind.UnexpectedEndOfInput, $"Unexpected end of input: expected {expected}.", _pos, _pos);
            }

            var c = _text[_pos];
            if (c == '/')
            {
                return Error(JsonErrorKind.UnexpectedCharacter, "Unexpected '/': comments are not allowed in JSON.", _pos, _pos + 1);
            }

            var hint = c == '\'' ? " (JSON strings use double quotes)" : string.Empty;
            return Error(JsonErrorKind.UnexpectedCharacter, $"Unexpected {Describe(c)}: expected {expected}{hint}.", _pos, _pos + 1);
        }

        private ParseException Error(JsonErrorKind kind, string message, int start, int end)
        {
            // Most errors lie on the current line, so columns follow from it; one whose span takes in the character
            // that broke it (a raw line break in a string, or one ending a number or an escape) ends on the next
            // line, which the line map places.
            var startColumn = start - _lineStart;
            var span = startColumn >= 0 && (end == start || _text.IndexOfAny(LineBreaks, start, end - start) < 0)
                ? new SourceSpan(start, end, _line, startColumn, _line, end - _lineStart)
                : new SourceText(_text).GetSpan(start, end);
            return new ParseException(new JsonDiagnostic(kind, message, span, CurrentPointer(null)));
        }

        private SourceSpan Span(int start, int line, int column) =>
            new(start, _pos, line, column, _line, _pos - _lineStart);

        private SourceSpan SpanFrom(int start) =>
            new(start, _pos, _line, start - _lineStart, _line, _pos - _lineStart);

        // The pointer of the value being read: built from the open frames.
        private string CurrentPointer(string? member)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < _depth; i++)
            {
                var frame = _frames[i];
                string? token;
                if (frame.IsObject)
                {
                    token = i == _depth - 1 && member is not null ? member : frame.PendingName;
                }
                else
                {
                    token = frame.Items.Count.ToString(CultureInfo.InvariantCulture);
                }

                if (token is null)
                {
                    break;
                }

                builder.Append('/').Append(JsonPointer.Escape(token));
            }

            return builder.ToString();
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static int HexValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };

        private static string Describe(char c) => c switch
        {
            '\'' => "character '''",
            _ when c < 0x20 || char.IsSurrogate(c) || c == '\u007F' => string.Format(CultureInfo.InvariantCulture, "character U+{0:X4}", (int)c),
            _ => $"character '{c}'",
        };

        private static string Printable(char c) =>
            c < 0x20 || char.IsSurrogate(c) ? string.Format(CultureInfo.InvariantCulture, "u{0:X4}", (int)c) : c.ToString();
    }

    /// <summary>
    /// Reuses the string instances of short strings seen before in the same document: member names ("Type",
    /// "Next", "Parameters") and common values repeat thousands of times in a large definition.
    /// </summary>
    private sealed class StringCache
    {
        private const int MaxLength = 32;
        private const int Size = 1024;
        private readonly string?[] _entries = new string?[Size];

        public string Get(string text, int start, int length)
        {
            if (length == 0)
            {
                return string.Empty;
            }

            if (length > MaxLength)
            {
                return text.Substring(start, length);
            }

            var hash = (uint)length;
            for (var i = 0; i < length; i++)
            {
                hash = unchecked((hash * 31) + text[start + i]);
            }

            var slot = (int)(hash & (Size - 1));
            var cached = _entries[slot];
            if (cached is not null && cached.Length == length && string.CompareOrdinal(cached, 0, text, start, length) == 0)
            {
                return cached;
            }

            var created = text.Substring(start, length);
            _entries[slot] = created;
            return created;
        }
    }
}
