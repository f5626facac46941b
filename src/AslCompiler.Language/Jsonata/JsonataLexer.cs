using System;
using System.Globalization;
using System.Text;

namespace AslCompiler.Language.Jsonata;

/// <summary>The kinds of JSONata tokens.</summary>
internal enum JsonataTokenKind
{
    End,
    Operator,
    String,
    Number,
    True,
    False,
    Null,
    Name,
    Variable,
    Regex,
}

/// <summary>One token: its kind, its text (operator, decoded string, name, variable name without <c>$</c>, regex pattern) and its extent.</summary>
internal readonly struct JsonataToken
{
    public JsonataToken(JsonataTokenKind kind, string text, int start, int end, double number = 0, string? flags = null)
    {
        Kind = kind;
        Text = text;
        Start = start;
        End = end;
        Number = number;
        Flags = flags;
    }

    public JsonataTokenKind Kind { get; }

    public string Text { get; }

    public int Start { get; }

    public int End { get; }

    public double Number { get; }

    /// <summary>Regex flags (<c>i</c>, <c>m</c>) for a regex token.</summary>
    public string? Flags { get; }

    public bool IsOperator(string op) => Kind == JsonataTokenKind.Operator && string.Equals(Text, op, StringComparison.Ordinal);

    /// <summary>The token's value as JSONata prints it in error messages.</summary>
    public string Display => Kind switch
    {
        JsonataTokenKind.End => "(end)",
        JsonataTokenKind.Number => JsonataLexer.FormatNumber(Number),
        JsonataTokenKind.True => "true",
        JsonataTokenKind.False => "false",
        JsonataTokenKind.Null => "null",
        JsonataTokenKind.Regex => "/" + Text + "/" + Flags + "g",
        _ => Text,
    };
}

/// <summary>
/// The JSONata tokenizer. It is pulled one token at a time because whether <c>/</c> starts a regex or is the
/// division operator depends on where the parser is (JSONata's rule: after an operand it divides).
/// Every scan moves forward only, so tokenizing is linear in the length of the expression.
/// </summary>
internal sealed class JsonataLexer
{
    private readonly string _text;
    private int _position;

    public JsonataLexer(string text) => _text = text;

    /// <summary>Whether <paramref name="c"/> is one of JSONata's single-character operators (which also end names).</summary>
    public static bool IsOperatorChar(char c)
    {
        switch (c)
        {
            case '.':
            case '[':
            case ']':
            case '{':
            case '}':
            case '(':
            case ')':
            case ',':
            case '@':
            case '#':
            case ';':
            case ':':
            case '?':
            case '+':
            case '-':
            case '*':
            case '/':
            case '%':
            case '|':
            case '=':
            case '<':
            case '>':
            case '^':
            case '&':
            case '!':
            case '~':
                return true;
            default:
                return false;
        }
    }

    /// <summary>JSONata's whitespace: space, tab, line feed, carriage return and vertical tab (nothing else).</summary>
    public static bool IsWhitespace(char c) => c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';

    /// <summary>Formats a number the way JavaScript's <c>String(n)</c> does for the common cases.</summary>
    public static string FormatNumber(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 1e21)
        {
            return value.ToString("0", CultureInfo.InvariantCulture);
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        if (e < 0)
        {
            return text;
        }

        // JavaScript writes 1e+21 and 1e-7 where .NET writes 1E+21 and 1E-07.
        var mantissa = text.Substring(0, e);
        var i = e + 1;
        var negative = text[i] == '-';
        if (text[i] == '-' || text[i] == '+')
        {
            i++;
        }

        while (i < text.Length - 1 && text[i] == '0')
        {
            i++;
        }

        var builder = new StringBuilder(mantissa).Append('e').Append(negative ? '-' : '+');
        builder.Append(text, i, text.Length - i);
        return builder.ToString();
    }

    /// <summary>Reads the next token. With <paramref name="infix"/> set, a <c>/</c> is the division operator; otherwise it starts a regex.</summary>
    public JsonataToken Next(bool infix)
    {
        var text = _text;
        var length = text.Length;
        while (true)
        {
            while (_position < length && IsWhitespace(text[_position]))
            {
                _position++;
            }

            if (_position >= length)
            {
                return new JsonataToken(JsonataTokenKind.End, "(end)", length, length);
            }

            if (text[_position] == '/' && _position + 1 < length && text[_position + 1] == '*')
            {
                SkipComment();
                continue;
            }

            break;
        }

        var start = _position;
        var c = text[start];
        var next = start + 1 < length ? text[start + 1] : '\0';

        if (!infix && c == '/')
        {
            _position++;
            return ScanRegex(start);
        }

        string? twoChar = null;
        if (c == '.' && next == '.')
        {
            twoChar = "..";
        }
        else if (c == ':' && next == '=')
        {
            twoChar = ":=";
        }
        else if (c == '!' && next == '=')
        {
            twoChar = "!=";
        }
        else if (c == '>' && next == '=')
        {
            twoChar = ">=";
        }
        else if (c == '<' && next == '=')
        {
            twoChar = "<=";
        }
        else if (c == '*' && next == '*')
        {
            twoChar = "**";
        }
        else if (c == '~' && next == '>')
        {
            twoChar = "~>";
        }

        if (twoChar is not null)
        {
            _position += 2;
            return new JsonataToken(JsonataTokenKind.Operator, twoChar, start, _position);
        }

        if (IsOperatorChar(c))
        {
            _position++;
            return new JsonataToken(JsonataTokenKind.Operator, c.ToString(), start, _position);
        }

        if (c == '"' || c == '\'')
        {
            return ScanString(start, c);
        }

        if (c >= '0' && c <= '9')
        {
            return ScanNumber(start);
        }

        if (c == '`')
        {
            var close = text.IndexOf('`', start + 1);
            if (close < 0)
            {
                _position = length;
                throw JsonataParseFailure.Unclosed("S0105", start, length);
            }

            _position = close + 1;
            return new JsonataToken(JsonataTokenKind.Name, text.Substring(start + 1, close - start - 1), start, _position);
        }

        var i = start;
        while (i < length && !IsWhitespace(text[i]) && !IsOperatorChar(text[i]))
        {
            i++;
        }

        _position = i;
        if (c == '$')
        {
            return new JsonataToken(JsonataTokenKind.Variable, text.Substring(start + 1, i - start - 1), start, i);
        }

        var name = text.Substring(start, i - start);
        switch (name)
        {
            case "and":
            case "or":
            case "in":
                return new JsonataToken(JsonataTokenKind.Operator, name, start, i);
            case "true":
                return new JsonataToken(JsonataTokenKind.True, name, start, i);
            case "false":
                return new JsonataToken(JsonataTokenKind.False, name, start, i);
            case "null":
                return new JsonataToken(JsonataTokenKind.Null, name, start, i);
            default:
                return new JsonataToken(JsonataTokenKind.Name, name, start, i);
        }
    }

    private void SkipComment()
    {
        var text = _text;
        var commentStart = _position;
        var i = _position + 2;
        while (!(i < text.Length && text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/'))
        {
            i++;
            if (i >= text.Length)
            {
                _position = text.Length;
                throw JsonataParseFailure.Create("S0106", commentStart, commentStart + 2, null, null);
            }
        }

        _position = i + 2;
    }

    private JsonataToken ScanRegex(int slash)
    {
        var text = _text;
        var start = _position;
        var depth = 0;
        while (_position < text.Length)
        {
            var c = text[_position];
            if (c == '/' && depth == 0 && !IsEscaped(_position))
            {
                var pattern = text.Substring(start, _position - start);
                if (pattern.Length == 0)
                {
                    throw JsonataParseFailure.Create("S0301", _position, _position + 1, null, null);
                }

                _position++;
                var flagsStart = _position;
                var ignoreCase = false;
                var multiline = false;
                while (_position < text.Length && (text[_position] == 'i' || text[_position] == 'm'))
                {
                    ignoreCase |= text[_position] == 'i';
                    multiline |= text[_position] == 'm';
                    _position++;
                }

                var flags = (ignoreCase ? "i" : string.Empty) + (multiline ? "m" : string.Empty);
                return new JsonataToken(JsonataTokenKind.Regex, pattern, slash, _position, flags: flags);
            }

            var previous = _position > 0 ? text[_position - 1] : '\0';
            if ((c == '(' || c == '[' || c == '{') && previous != '\\')
            {
                depth++;
            }

            if ((c == ')' || c == ']' || c == '}') && previous != '\\')
            {
                depth--;
            }

            _position++;
        }

        throw JsonataParseFailure.Create("S0302", text.Length, text.Length, null, null);
    }

    /// <summary>Whether the character at <paramref name="position"/> follows an odd number of backslashes.</summary>
    private bool IsEscaped(int position)
    {
        var count = 0;
        var i = position - 1;
        while (i >= 0 && _text[i] == '\\')
        {
            count++;
            i--;
        }

        return count % 2 == 1;
    }

    private JsonataToken ScanString(int start, char quote)
    {
        var text = _text;
        _position = start + 1;
        var builder = new StringBuilder();
        while (_position < text.Length)
        {
            var c = text[_position];
            if (c == '\\')
            {
                _position++;
                var escape = _position < text.Length ? text[_position] : '\0';
                switch (escape)
                {
                    case '"':
                        builder.Append('"');
                        break;
                    case '\\':
                        builder.Append('\\');
                        break;
                    case '/':
                        builder.Append('/');
                        break;
                    case 'b':
                        builder.Append('\b');
                        break;
                    case 'f':
                        builder.Append('\f');
                        break;
                    case 'n':
                        builder.Append('\n');
                        break;
                    case 'r':
                        builder.Append('\r');
                        break;
                    case 't':
                        builder.Append('\t');
                        break;
                    case 'u':
                        // JSONata takes up to four following characters and requires them all to be hex digits.
                        var available = Math.Min(4, text.Length - (_position + 1));
                        var code = 0;
                        var valid = available > 0;
                        for (var k = 0; k < available && valid; k++)
                        {
                            var digit = HexValue(text[_position + 1 + k]);
                            valid = digit >= 0;
                            code = (code * 16) + digit;
                        }

                        if (!valid)
                        {
                            throw JsonataParseFailure.Create("S0104", _position, _position + 1, null, null);
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        var token = _position < text.Length ? escape.ToString() : string.Empty;
                        throw JsonataParseFailure.Create("S0103", _position, Math.Min(_position + 1, text.Length), token, null);
                }
            }
            else if (c == quote)
            {
                _position++;
                return new JsonataToken(JsonataTokenKind.String, builder.ToString(), start, _position);
            }
            else
            {
                builder.Append(c);
            }

            _position++;
        }

        _position = text.Length;
        throw JsonataParseFailure.Unclosed("S0101", start, text.Length);
    }

    private static int HexValue(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }

        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }

        return -1;
    }

    private JsonataToken ScanNumber(int start)
    {
        // JSON's number grammar without the sign: 0 | [1-9][0-9]*, then optional .digits and exponent.
        var text = _text;
        var i = start;
        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < text.Length && text[i] >= '0' && text[i] <= '9')
            {
                i++;
            }
        }

        if (i + 1 < text.Length && text[i] == '.' && IsDigit(text[i + 1]))
        {
            i += 2;
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            var j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            if (j < text.Length && IsDigit(text[j]))
            {
                while (j < text.Length && IsDigit(text[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        var literal = text.Substring(start, i - start);
        if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || double.IsInfinity(value)
            || double.IsNaN(value))
        {
            throw JsonataParseFailure.Create("S0102", start, i, literal, null);
        }

        _position = i;
        return new JsonataToken(JsonataTokenKind.Number, literal, start, i, value);
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}

/// <summary>Internal control flow: carries the first syntax error out of the lexer or parser.</summary>
internal sealed class JsonataParseFailure : Exception
{
    private JsonataParseFailure(string code, int start, int end, string? token, string? value, int tokenStart)
        : base(code)
    {
        Code = code;
        Start = start;
        End = end;
        Token = token;
        Value = value;
        TokenStart = tokenStart;
    }

    public JsonataParseFailure()
        : this("S0201", 0, 0, null, null, 0)
    {
    }

    public JsonataParseFailure(string message)
        : this("S0201", 0, 0, message, null, 0)
    {
    }

    public JsonataParseFailure(string message, Exception innerException)
        : base(message, innerException) => Code = "S0201";

    public string Code { get; }

    public int Start { get; }

    public int End { get; }

    public string? Token { get; }

    public string? Value { get; }

    /// <summary>Where the token the error is in starts (see <see cref="JsonataSyntaxError.TokenStart"/>).</summary>
    public int TokenStart { get; }

    public static JsonataParseFailure Create(string code, int start, int end, string? token, string? value) =>
        new(code, start, end, token, value, start);

    /// <summary>A string or quoted name not closed: JSONata reports it at the end of the expression, its token starts at <paramref name="open"/>.</summary>
    public static JsonataParseFailure Unclosed(string code, int open, int length) =>
        new(code, length, length, null, null, open);

    public JsonataSyntaxError ToError(int maxDepth) =>
        new(Code, JsonataSyntaxError.FormatMessage(Code, Token, Value, maxDepth), Start, End, Token, Value) { TokenStart = TokenStart };
}
