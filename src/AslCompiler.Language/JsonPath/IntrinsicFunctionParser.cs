using System;
using System.Collections.Generic;
using System.Text;

namespace AslCompiler.Language.JsonPath;

/// <summary>
/// Parses intrinsic function calls: <c>States.Name(arg, ...)</c> where an argument is a string literal in single
/// quotes (escapes <c>\'</c>, <c>\{</c>, <c>\}</c>, <c>\\</c>), a number, <c>true</c>, <c>false</c>, <c>null</c>, a path or
/// a nested call.
/// </summary>
public static class IntrinsicFunctionParser
{
    /// <summary>How deeply calls may nest.</summary>
    public const int MaxNesting = 32;

    /// <summary>The names of the intrinsic functions Step Functions defines.</summary>
    public static IReadOnlyList<string> KnownFunctions { get; } = new[]
    {
        "States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition",
        "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique",
        "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom",
        "States.MathAdd", "States.StringSplit", "States.UUID",
    };

    /// <summary>Whether a <c>.$</c> value is an intrinsic call rather than a path (it starts with <c>States.</c>).</summary>
    public static bool LooksLikeCall(string text) =>
        text is not null && text.TrimStart(' ').StartsWith("States.", StringComparison.Ordinal);

    /// <summary>Parses a call; throws <see cref="JsonPathSyntaxException"/> when it is invalid.</summary>
    public static IntrinsicFunctionCall Parse(string text) =>
        TryParse(text, out var call, out var error) ? call! : throw new JsonPathSyntaxException(error!);

    /// <summary>Parses a call; on failure gives a positioned error.</summary>
    public static bool TryParse(string text, out IntrinsicFunctionCall? call, out JsonPathSyntaxError? error)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var parser = new Parser(text);
        try
        {
            parser.SkipSpaces();
            call = parser.ParseCall(0);
            parser.SkipSpaces();
            if (!parser.AtEnd)
            {
                throw parser.Fail("Unexpected text after the call.");
            }

            error = null;
            return true;
        }
        catch (JsonPathParser.ParseFailure failure)
        {
            call = null;
            error = failure.Error;
            return false;
        }
    }

    private sealed class Parser
    {
        private readonly string _text;
        private int _pos;

        public Parser(string text) => _text = text;

        public bool AtEnd => _pos >= _text.Length;

        private char Current => _pos < _text.Length ? _text[_pos] : '\0';

        public JsonPathParser.ParseFailure Fail(string message) => new(new JsonPathSyntaxError(_pos, message));

        public void SkipSpaces()
        {
            while (!AtEnd && (Current == ' ' || Current == '\t' || Current == '\n' || Current == '\r'))
            {
                _pos++;
            }
        }

        public IntrinsicFunctionCall ParseCall(int nesting)
        {
            if (nesting > MaxNesting)
            {
                throw Fail("Intrinsic function calls nest too deeply.");
            }

            var start = _pos;
            while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '.' || Current == '_'))
            {
                _pos++;
            }

            var name = _text.Substring(start, _pos - start);
            if (name.Length == 0)
            {
                throw Fail("Expected an intrinsic function name such as 'States.Format'.");
            }

            if (Array.IndexOf((string[])KnownFunctions, name) < 0)
            {
                throw new JsonPathParser.ParseFailure(new JsonPathSyntaxError(start, "Unknown intrinsic function '" + name + "'.") { Length = name.Length });
            }

            SkipSpaces();
            if (Current != '(')
            {
                throw Fail("Expected '(' after '" + name + "'.");
            }

            _pos++;
            var arguments = new List<IntrinsicArgument>();
            SkipSpaces();
            if (Current == ')')
            {
                _pos++;
                return new IntrinsicFunctionCall(start, name, arguments.ToArray(), _text.Substring(start, _pos - start));
            }

            while (true)
            {
                SkipSpaces();
                arguments.Add(ParseArgument(nesting));
                SkipSpaces();
                if (Current == ',')
                {
                    _pos++;
                    continue;
                }

                if (Current == ')')
                {
                    _pos++;
                    return new IntrinsicFunctionCall(start, name, arguments.ToArray(), _text.Substring(start, _pos - start));
                }

                throw Fail(AtEnd ? "The call to '" + name + "' is not closed: expected ')'." : "Unexpected '" + Current + "': expected ',' or ')'.");
            }
        }

        private IntrinsicArgument ParseArgument(int nesting)
        {
            var start = _pos;
            var c = Current;
            if (c == '\'')
            {
                return ParseString();
            }

            if (c == '$')
            {
                var position = _pos;
                var path = JsonPathParser.ParseAt(_text, _pos, ref position, allowCurrent: false, nesting + 1);
                _pos = position;
                return new IntrinsicPathArgument(start, _pos - start, path);
            }

            if (c == '-' || (c >= '0' && c <= '9'))
            {
                _pos++;
                while (!AtEnd && ((Current >= '0' && Current <= '9') || Current == '.' || Current == 'e' || Current == 'E' ||
                                  ((Current == '+' || Current == '-') && (_text[_pos - 1] == 'e' || _text[_pos - 1] == 'E'))))
                {
                    _pos++;
                }

                var number = _text.Substring(start, _pos - start);
                if (!IsJsonNumber(number, out var leadingZero))
                {
                    throw new JsonPathParser.ParseFailure(new JsonPathSyntaxError(start, leadingZero
                        ? "'" + number + "' is not a number: a number has no leading zeros."
                        : "'" + number + "' is not a number."));
                }

                return new IntrinsicNumberArgument(start, number);
            }

            if (Word("true"))
            {
                return new IntrinsicBooleanArgument(start, true);
            }

            if (Word("false"))
            {
                return new IntrinsicBooleanArgument(start, false);
            }

            if (Word("null"))
            {
                return new IntrinsicNullArgument(start);
            }

            if (string.CompareOrdinal(_text, _pos, "States.", 0, 7) == 0)
            {
                return ParseCall(nesting + 1);
            }

            throw Fail(AtEnd || c == ')' || c == ','
                ? "Expected an argument."
                : "Unexpected '" + c + "': an argument is a 'string', a number, true, false, null, a path or a call.");
        }

        private bool Word(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
            {
                return false;
            }

            var after = _pos + word.Length < _text.Length ? _text[_pos + word.Length] : '\0';
            if (char.IsLetterOrDigit(after) || after == '_')
            {
                return false;
            }

            _pos += word.Length;
            return true;
        }

        private IntrinsicStringArgument ParseString()
        {
            var start = _pos;
            _pos++;
            var value = new StringBuilder();

            // The text between placeholders, for States.Format. Escapes are read here, once and left to right, so
            // '\\{}' is a backslash then a placeholder and '\{}' a brace then a brace.
            var pieces = new List<string>();
            var piece = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw new JsonPathParser.ParseFailure(new JsonPathSyntaxError(start, "The string is not closed with '."));
                }

                var c = Current;
                if (c == '\'')
                {
                    _pos++;
                    pieces.Add(piece.ToString());
                    return new IntrinsicStringArgument(start, _pos - start, value.ToString(), pieces.ToArray());
                }

                if (c == '\\')
                {
                    _pos++;
                    var e = Current;
                    if (e is not ('\'' or '\\' or '{' or '}'))
                    {
                        throw new JsonPathParser.ParseFailure(new JsonPathSyntaxError(_pos - 1, AtEnd
                            ? "The string is not closed with '."
                            : "'\\" + e + "' is not an escape: only \\', \\{, \\} and \\\\ are."));
                    }

                    value.Append(e);
                    piece.Append(e);
                    _pos++;
                    continue;
                }

                if (c == '{' && _pos + 1 < _text.Length && _text[_pos + 1] == '}')
                {
                    value.Append("{}");
                    pieces.Add(piece.ToString());
                    piece.Clear();
                    _pos += 2;
                    continue;
                }

                value.Append(c);
                piece.Append(c);
                _pos++;
            }
        }

        // A JSON number: JsonValue reads nothing else, and 01 or 007 are not JSON (RFC 8259 forbids leading zeros).
        private static bool IsJsonNumber(string s, out bool leadingZero)
        {
            var i = 0;
            if (i < s.Length && s[i] == '-')
            {
                i++;
            }

            leadingZero = i + 1 < s.Length && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9';
            if (leadingZero)
            {
                return false;
            }

            var digits = i;
            while (i < s.Length && s[i] >= '0' && s[i] <= '9')
            {
                i++;
            }

            if (i == digits)
            {
                return false;
            }

            if (i < s.Length && s[i] == '.')
            {
                i++;
                var frac = i;
                while (i < s.Length && s[i] >= '0' && s[i] <= '9')
                {
                    i++;
                }

                if (i == frac)
                {
                    return false;
                }
            }

            if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
            {
                i++;
                if (i < s.Length && (s[i] == '+' || s[i] == '-'))
                {
                    i++;
                }

                var exp = i;
                while (i < s.Length && s[i] >= '0' && s[i] <= '9')
                {
                    i++;
                }

                if (i == exp)
                {
                    return false;
                }
            }

            return i == s.Length;
        }
    }
}
