using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AslCompiler.Language.Json;

/// <summary>
/// Words a JSON syntax error as AWS Step Functions reports it. The service reads JSON with Jackson (2.15's default
/// reader: no comments, no single quotes, no trailing commas, at most 1,000 levels of nesting), and its messages quote
/// Jackson's: <c>Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting (JSON String, Number,
/// Array, Object or token 'null', 'true' or 'false')'</c>, or a ValidateStateMachineDefinition diagnostic located at
/// <c>[Source: (String)"not a definition"; line: 1, column: 4]</c>. This scanner finds the first error Jackson finds,
/// where Jackson finds it, and words it as Jackson does, for the common syntax errors.
/// </summary>
/// <remarks>
/// Positions count UTF-16 code units, as Jackson's do; the location's column is one past the last character Jackson
/// read before failing (Jackson's current location). Content after the first value is an error here (Jackson's
/// <c>FAIL_ON_TRAILING_TOKENS</c> wording), where a lenient Jackson reader would ignore it.
/// </remarks>
public static class JacksonSyntax
{
    /// <summary>The most levels of nesting Jackson 2.15 reads by default (<c>StreamReadConstraints.getMaxNestingDepth()</c>).</summary>
    public const int MaxNestingDepth = 1000;

    private const int MaxErrorToken = 256;
    private const string ValidValues = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

    /// <summary>
    /// The first syntax error Jackson finds in <paramref name="text"/>, or null when it finds none (the text is one
    /// JSON value, or holds nothing but white space).
    /// </summary>
    /// <param name="text">The JSON text.</param>
    /// <returns>The error, or null.</returns>
    public static JacksonSyntaxError? FindError(string text)
    {
        if (text is null)
        {
            throw new System.ArgumentNullException(nameof(text));
        }

        try
        {
            new Scanner(text).ScanDocument();
            return null;
        }
        catch (ScanError e)
        {
            return new JacksonSyntaxError(e.Message, e.Line, e.Column, JacksonSyntaxError.LocationText(text, e.Line, e.Column));
        }
    }

    /// <summary>How Jackson shows a character in a message (<c>_getCharDesc</c>).</summary>
    private static string Describe(char c)
    {
        int code = c;
        if (code < 0x20 || (code >= 0x7F && code <= 0x9F))
        {
            return "(CTRL-CHAR, code " + code.ToString(CultureInfo.InvariantCulture) + ")";
        }

        return code > 255
            ? "'" + c + "' (code " + code.ToString(CultureInfo.InvariantCulture) + " / 0x" + code.ToString("x", CultureInfo.InvariantCulture) + ")"
            : "'" + c + "' (code " + code.ToString(CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>Java's <c>Character.isJavaIdentifierStart(char)</c>.</summary>
    private static bool IsIdentifierStart(char c)
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.CurrencySymbol:
            case UnicodeCategory.ConnectorPunctuation:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Java's <c>Character.isJavaIdentifierPart(char)</c>.</summary>
    private static bool IsIdentifierPart(char c)
    {
        if (IsIdentifierStart(c) || (c <= 0x08) || (c >= 0x0E && c <= 0x1B) || (c >= 0x7F && c <= 0x9F))
        {
            return true;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.Format:
                return true;
            default:
                return false;
        }
    }

    private sealed class ScanError : System.Exception
    {
        public ScanError(string message, int line, int column)
            : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>One open array or object: its kind and where its start marker was.</summary>
    private readonly struct Context
    {
        public Context(bool isArray, int line, int column)
        {
            IsArray = isArray;
            Line = line;
            Column = column;
        }

        public bool IsArray { get; }

        public int Line { get; }

        public int Column { get; }

        public string Name => IsArray ? "Array" : "Object";
    }

    private sealed class Scanner
    {
        private static readonly char[] FloatMarks = { '.', 'e', 'E' };
        private readonly string _text;
        private readonly Stack<Context> _open = new Stack<Context>();
        private int _position;
        private int _line = 1;
        private int _lineStart;

        public Scanner(string text)
        {
            _text = text;
        }

        private bool AtEnd => _position >= _text.Length;

        public void ScanDocument()
        {
            var first = SkipWhiteSpace();
            if (first < 0)
            {
                return; // nothing but white space: Jackson reads no value and reports nothing
            }

            Value((char)first, root: true);
            var next = SkipWhiteSpace();
            if (next >= 0)
            {
                Trailing((char)next);
            }
        }

        /// <summary>Reads a value whose first character <paramref name="c"/> was just consumed.</summary>
        private void Value(char c, bool root)
        {
            switch (c)
            {
                case '{':
                    Container(isArray: false);
                    return;
                case '[':
                    Container(isArray: true);
                    return;
                case '"':
                    String("string value");
                    return;
                case 't':
                    Literal("true");
                    return;
                case 'f':
                    Literal("false");
                    return;
                case 'n':
                    Literal("null");
                    return;
                case '-':
                    Number(negative: true, root);
                    return;
                case ']':
                case '}':
                    if (root)
                    {
                        CloseMarker(c); // a close marker where the document's value starts
                        return;
                    }

                    if (c == '}')
                    {
                        throw UnexpectedChar(c, "expected a value");
                    }

                    break; // after a comma or a colon: not a value
                case 'N':
                    NonNumeric("NaN", "NaN");
                    return;
                case 'I':
                    NonNumeric("Infinity", "Infinity");
                    return;
                case '+':
                    if (AtEnd)
                    {
                        throw Fail("Unexpected end-of-input in a Number value");
                    }

                    var after = _text[_position++];
                    if (after == 'I')
                    {
                        NonNumeric("Infinity", "+Infinity");
                    }

                    throw UnexpectedNumberChar('+', "JSON spec does not allow numbers to have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow");
            }

            if (c >= '0' && c <= '9')
            {
                _position--;
                Number(negative: false, root);
                return;
            }

            if (IsIdentifierStart(c))
            {
                InvalidToken(c.ToString());
            }

            throw UnexpectedChar(c, "expected a valid value " + ValidValues);
        }

        private void Container(bool isArray)
        {
            _open.Push(new Context(isArray, _line, _position - _lineStart));
            if (_open.Count > MaxNestingDepth)
            {
                throw Fail("Document nesting depth (" + _open.Count.ToString(CultureInfo.InvariantCulture) + ") exceeds the maximum allowed ("
                    + MaxNestingDepth.ToString(CultureInfo.InvariantCulture) + ", from `StreamReadConstraints.getMaxNestingDepth()`)");
            }

            var context = _open.Peek();
            var first = true;
            while (true)
            {
                var next = SkipWhiteSpace();
                if (next < 0)
                {
                    throw Fail("Unexpected end-of-input: expected close marker for " + context.Name + " (start marker at "
                        + JacksonSyntaxError.LocationText(_text, context.Line, context.Column) + ")");
                }

                var c = (char)next;
                if (c == ']' || c == '}')
                {
                    CloseMarker(c);
                    return;
                }

                if (!first)
                {
                    if (c != ',')
                    {
                        throw UnexpectedChar(c, "was expecting comma to separate " + context.Name + " entries");
                    }

                    next = SkipWhiteSpace();
                    if (next < 0)
                    {
                        throw EndBetweenEntries(context.Name);
                    }

                    c = (char)next;
                }

                first = false;
                if (!isArray)
                {
                    if (c != '"')
                    {
                        throw UnexpectedChar(c, "was expecting double-quote to start field name");
                    }

                    String("name");
                    var colon = SkipWhiteSpace();
                    if (colon < 0)
                    {
                        throw EndBetweenEntries("Object");
                    }

                    if (colon != ':')
                    {
                        throw UnexpectedChar((char)colon, "was expecting a colon to separate field name and value");
                    }

                    var value = SkipWhiteSpace();
                    if (value < 0)
                    {
                        throw EndBetweenEntries("Object");
                    }

                    c = (char)value;
                }

                Value(c, root: false);
            }
        }

        /// <summary>A close marker was consumed: it must close the innermost open array or object.</summary>
        private void CloseMarker(char c)
        {
            var expectArray = c == ']';
            if (_open.Count == 0)
            {
                throw Fail("Unexpected close marker '" + c + "': expected '" + (expectArray ? '}' : ']') + "' (for root starting at "
                    + JacksonSyntaxError.LocationText(_text, 1, 0) + ")");
            }

            var context = _open.Peek();
            if (context.IsArray != expectArray)
            {
                throw Fail("Unexpected close marker '" + c + "': expected '" + (context.IsArray ? ']' : '}') + "' (for " + context.Name
                    + " starting at " + JacksonSyntaxError.LocationText(_text, context.Line, context.Column) + ")");
            }

            _open.Pop();
        }

        /// <summary>Reads a string whose opening quote was consumed.</summary>
        private void String(string what)
        {
            while (true)
            {
                if (AtEnd)
                {
                    throw Fail(what == "name"
                        ? "Unexpected end-of-input in field name"
                        : "Unexpected end-of-input: was expecting closing quote for a string value");
                }

                var c = _text[_position++];
                if (c == '"')
                {
                    return;
                }

                if (c == '\\')
                {
                    Escape();
                }
                else if (c < 0x20)
                {
                    throw Fail("Illegal unquoted character (" + Describe(c) + "): has to be escaped using backslash to be included in " + what);
                }
            }
        }

        private void Escape()
        {
            if (AtEnd)
            {
                throw Fail("Unexpected end-of-input in character escape sequence");
            }

            var c = _text[_position++];
            switch (c)
            {
                case 'b':
                case 't':
                case 'n':
                case 'f':
                case 'r':
                case '/':
                case '\\':
                case '"':
                    return;
                case 'u':
                    for (var i = 0; i < 4; i++)
                    {
                        if (AtEnd)
                        {
                            throw Fail("Unexpected end-of-input in character escape sequence");
                        }

                        var h = _text[_position++];
                        if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F')))
                        {
                            throw UnexpectedChar(h, "expected a hex-digit for character escape sequence");
                        }
                    }

                    return;
                default:
                    throw Fail("Unrecognized character escape " + Describe(c));
            }
        }

        /// <summary>Matches <paramref name="token"/>, whose first character was consumed.</summary>
        private void Literal(string token)
        {
            for (var i = 1; i < token.Length; i++)
            {
                if (AtEnd || _text[_position] != token[i])
                {
                    InvalidToken(token.Substring(0, i));
                }

                _position++;
            }

            if (!AtEnd && _text[_position] >= '0' && _text[_position] != ']' && _text[_position] != '}' && IsIdentifierPart(_text[_position]))
            {
                InvalidToken(token);
            }
        }

        private void NonNumeric(string token, string shown)
        {
            Literal(token);
            throw Fail("Non-standard token '" + shown + "': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow");
        }

        /// <summary>Jackson's "Unrecognized token": the part read so far, and the identifier characters after it.</summary>
        private void InvalidToken(string matched)
        {
            var builder = new StringBuilder(matched);
            while (!AtEnd && IsIdentifierPart(_text[_position]))
            {
                builder.Append(_text[_position++]);
                if (builder.Length >= MaxErrorToken)
                {
                    builder.Append("...");
                    break;
                }
            }

            throw Fail("Unrecognized token '" + builder + "': was expecting " + ValidValues);
        }

        /// <summary>Reads a number; a minus sign, when <paramref name="negative"/>, was consumed.</summary>
        private void Number(bool negative, bool root)
        {
            if (negative)
            {
                if (AtEnd)
                {
                    throw Fail("Unexpected end-of-input in a Number value");
                }

                var first = _text[_position];
                if (first < '0' || first > '9')
                {
                    _position++;
                    if (first == 'I')
                    {
                        NonNumeric("Infinity", "-Infinity");
                    }

                    throw UnexpectedNumberChar(first, "expected digit (0-9) to follow minus sign, for valid numeric value");
                }
            }

            var leading = _text[_position++];
            if (leading == '0' && !AtEnd && _text[_position] >= '0' && _text[_position] <= '9')
            {
                throw Fail("Invalid numeric value: Leading zeroes not allowed");
            }

            Digits();
            if (!AtEnd && _text[_position] == '.')
            {
                _position++;
                if (Digits() == 0)
                {
                    var shown = AtEnd ? '.' : _text[_position++];
                    throw UnexpectedNumberChar(shown, "Decimal point not followed by a digit");
                }
            }

            if (!AtEnd && (_text[_position] == 'e' || _text[_position] == 'E'))
            {
                var indicator = _text[_position++];
                if (!AtEnd && (_text[_position] == '+' || _text[_position] == '-'))
                {
                    indicator = _text[_position++];
                }

                if (Digits() == 0)
                {
                    var shown = AtEnd ? indicator : _text[_position++];
                    throw UnexpectedNumberChar(shown, "Exponent indicator not followed by a digit");
                }
            }

            if (root && !AtEnd)
            {
                var c = _text[_position];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    _position++;
                    throw UnexpectedChar(c, "Expected space separating root-level values");
                }
            }
        }

        private int Digits()
        {
            var start = _position;
            while (!AtEnd && _text[_position] >= '0' && _text[_position] <= '9')
            {
                _position++;
            }

            return _position - start;
        }

        /// <summary>Content after the document's value, whose first character <paramref name="c"/> was consumed.</summary>
        private void Trailing(char c)
        {
            string type;
            switch (c)
            {
                case '{':
                    type = "START_OBJECT";
                    break;
                case '[':
                    type = "START_ARRAY";
                    break;
                case '"':
                    type = "VALUE_STRING";
                    break;
                default:
                    // Anything else is read as a value first: a bad token fails as such.
                    var before = _position;
                    Value(c, root: true);
                    type = _text[before - 1] switch
                    {
                        't' => "VALUE_TRUE",
                        'f' => "VALUE_FALSE",
                        'n' => "VALUE_NULL",
                        _ => _text.IndexOfAny(FloatMarks, before - 1, _position - before + 1) >= 0 ? "VALUE_NUMBER_FLOAT" : "VALUE_NUMBER_INT",
                    };
                    break;
            }

            throw Fail("Trailing token (of type " + type + ") found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
        }

        /// <summary>Skips white space (and fails on what Jackson refuses between tokens); the next character, consumed, or -1 at the end.</summary>
        private int SkipWhiteSpace()
        {
            while (!AtEnd)
            {
                var c = _text[_position++];
                if (c > ' ')
                {
                    if (c == '/')
                    {
                        throw UnexpectedChar('/', "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)");
                    }

                    return c;
                }

                switch (c)
                {
                    case ' ':
                    case '\t':
                        break;
                    case '\n':
                        NewLine();
                        break;
                    case '\r':
                        if (!AtEnd && _text[_position] == '\n')
                        {
                            _position++;
                        }

                        NewLine();
                        break;
                    default:
                        throw Fail("Illegal character (" + Describe(c) + "): only regular white space (\\r, \\n, \\t) is allowed between tokens");
                }
            }

            return -1;
        }

        private void NewLine()
        {
            _line++;
            _lineStart = _position;
        }

        private ScanError Fail(string message) => new ScanError(message, _line, _position - _lineStart + 1);

        /// <summary>Jackson's <c>_reportUnexpectedChar</c>: <c>Unexpected character ('x' (code 120)): comment</c>.</summary>
        private ScanError UnexpectedChar(char c, string comment) => Fail("Unexpected character (" + Describe(c) + "): " + comment);

        /// <summary>Jackson's <c>_reportUnexpectedNumberChar</c>: <c>Unexpected character (...) in numeric value: comment</c>.</summary>
        private ScanError UnexpectedNumberChar(char c, string comment) => Fail("Unexpected character (" + Describe(c) + ") in numeric value: " + comment);

        /// <summary>The end of the text where an entry of an array or object (<paramref name="name"/>) should follow.</summary>
        private ScanError EndBetweenEntries(string name) => Fail("Unexpected end-of-input within/between " + name + " entries");
    }
}

/// <summary>A JSON syntax error as Jackson words and locates it (see <see cref="JacksonSyntax"/>).</summary>
public sealed class JacksonSyntaxError
{
    internal JacksonSyntaxError(string message, int line, int column, string location)
    {
        Message = message;
        Line = line;
        Column = column;
        Location = location;
    }

    /// <summary>Jackson's message, e.g. <c>Unrecognized token 'not': was expecting (JSON String, ...)</c>.</summary>
    public string Message { get; }

    /// <summary>The one-based line of Jackson's location.</summary>
    public int Line { get; }

    /// <summary>The one-based column of Jackson's location (one past the last character read).</summary>
    public int Column { get; }

    /// <summary>Jackson's location text: <c>[Source: (String)"..."; line: 1, column: 4]</c>.</summary>
    public string Location { get; }

    /// <summary>The message with its location, as a Jackson exception prints: <c>message\n at [Source: ...]</c>.</summary>
    public string FullMessage => Message + "\n at " + Location;

    /// <inheritdoc/>
    public override string ToString() => FullMessage;

    /// <summary>The most characters of the text a location quotes (Jackson's <c>MAX_CONTENT_SNIPPET</c>).</summary>
    private const int MaxSnippet = 500;

    internal static string LocationText(string text, int line, int column)
    {
        var builder = new StringBuilder("[Source: (String)\"");
        builder.Append(text, 0, System.Math.Min(text.Length, MaxSnippet)).Append('"');
        if (text.Length > MaxSnippet)
        {
            builder.Append("[truncated ").Append((text.Length - MaxSnippet).ToString(CultureInfo.InvariantCulture)).Append(" chars]");
        }

        return builder.Append("; line: ").Append(line.ToString(CultureInfo.InvariantCulture))
            .Append(", column: ").Append(column.ToString(CultureInfo.InvariantCulture)).Append(']').ToString();
    }
}
