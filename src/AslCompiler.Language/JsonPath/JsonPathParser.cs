using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AslCompiler.Language.JsonPath;

/// <summary>
/// Parses JSONPath as Step Functions reads it (Jayway JsonPath): <c>$</c>, <c>$$</c>, <c>$variable</c>, members by
/// dot and bracket, wildcards, indexes, slices, unions, deep scan <c>..</c>, filters and <c>length()</c>.
/// </summary>
public static class JsonPathParser
{
    /// <summary>How deeply filters and groups may nest.</summary>
    public const int MaxNesting = 32;

    /// <summary>Parses a path (<see cref="JsonPathDialect.StepFunctions"/>); throws <see cref="JsonPathSyntaxException"/> when it is invalid.</summary>
    public static JsonPathExpression Parse(string text) =>
        TryParse(text, out var path, out var error) ? path! : throw new JsonPathSyntaxException(error!);

    /// <summary>Parses a path in the given dialect; throws <see cref="JsonPathSyntaxException"/> when it is invalid.</summary>
    public static JsonPathExpression Parse(string text, JsonPathDialect dialect) =>
        TryParse(text, dialect, out var path, out var error) ? path! : throw new JsonPathSyntaxException(error!);

    /// <summary>Parses a path as a state machine definition may write it (<see cref="JsonPathDialect.StepFunctions"/>); on failure gives a positioned error.</summary>
    public static bool TryParse(string text, out JsonPathExpression? path, out JsonPathSyntaxError? error) =>
        TryParse(text, JsonPathDialect.StepFunctions, out path, out error);

    /// <summary>Parses a path in the given dialect; on failure gives a positioned error.</summary>
    public static bool TryParse(string text, JsonPathDialect dialect, out JsonPathExpression? path, out JsonPathSyntaxError? error)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var jayway = dialect == JsonPathDialect.Jayway;
        if (jayway && text.Length > 0 && text[0] != '$' && text[0] != '@')
        {
            // Jayway's compiler reads a path without a root as relative to '$.': "key" is "$.key", ".key" is "$..key".
            text = "$." + text;
        }

        var parser = new Parser(text, 0, jayway);
        try
        {
            path = parser.ParsePath(0, allowCurrent: jayway);
            parser.SkipSpaces();
            if (!parser.AtEnd)
            {
                throw parser.Fail("Unexpected '" + parser.Current + "' after the path.");
            }

            error = null;
            return true;
        }
        catch (ParseFailure failure)
        {
            path = null;
            error = failure.Error;
            return false;
        }
    }

    /// <summary>
    /// Parses a reference path (ResultPath, Choice <c>Variable</c>, <c>*Path</c> fields): it must be definite,
    /// members and single indexes only.
    /// </summary>
    public static bool TryParseReferencePath(string text, out JsonPathExpression? path, out JsonPathSyntaxError? error)
    {
        if (!TryParse(text, out path, out error))
        {
            return false;
        }

        if (!path!.IsDefinite)
        {
            error = new JsonPathSyntaxError(0, "'" + text + "' is not a reference path: it must identify a single node (no wildcards, filters, slices, unions or '..').");
            path = null;
            return false;
        }

        return true;
    }

    internal static JsonPathExpression ParseAt(string text, int start, ref int position, bool allowCurrent, int nesting)
    {
        var parser = new Parser(text, start);
        var path = parser.ParsePath(nesting, allowCurrent);
        position = parser.Position;
        return path;
    }

    internal sealed class ParseFailure : Exception
    {
        public ParseFailure(JsonPathSyntaxError error)
            : base(error.Message) => Error = error;

        public ParseFailure()
            : this(new JsonPathSyntaxError(0, "Invalid path."))
        {
        }

        public ParseFailure(string message)
            : this(new JsonPathSyntaxError(0, message))
        {
        }

        public ParseFailure(string message, Exception inner)
            : base(message, inner) => Error = new JsonPathSyntaxError(0, message);

        public JsonPathSyntaxError Error { get; }
    }

    private sealed class Parser
    {
        private readonly string _text;
        private int _pos;

        private readonly bool _jayway;
        private int _filterDepth;

        public Parser(string text, int start, bool jayway = false)
        {
            _text = text;
            _pos = start;
            _jayway = jayway;
        }

        public int Position => _pos;

        public bool AtEnd => _pos >= _text.Length;

        public char Current => _pos < _text.Length ? _text[_pos] : '\0';

        private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

        public ParseFailure Fail(string message) => new(new JsonPathSyntaxError(_pos, message));

        private static ParseFailure FailAt(int offset, string message) => new(new JsonPathSyntaxError(offset, message));

        public void SkipSpaces()
        {
            while (_pos < _text.Length && _text[_pos] == ' ')
            {
                _pos++;
            }
        }

        public JsonPathExpression ParsePath(int nesting, bool allowCurrent)
        {
            if (nesting > MaxNesting)
            {
                throw Fail("The path nests too deeply.");
            }

            var start = _pos;
            JsonPathRoot root;
            string? variable = null;
            if (Current == '@' && allowCurrent)
            {
                // At the top level (Jayway only) '@' is the document itself.
                root = nesting == 0 ? JsonPathRoot.Input : JsonPathRoot.Current;
                _pos++;
            }
            else if (Current == '$')
            {
                _pos++;
                if (Current == '$')
                {
                    root = JsonPathRoot.Context;
                    _pos++;
                }
                else if (IsNameStart(Current))
                {
                    var nameStart = _pos;
                    while (IsNameChar(Current))
                    {
                        _pos++;
                    }

                    root = JsonPathRoot.Variable;
                    variable = _text.Substring(nameStart, _pos - nameStart);
                }
                else
                {
                    root = JsonPathRoot.Input;
                }
            }
            else
            {
                throw Fail(allowCurrent ? "Expected a path starting with '$' or '@'." : "A path must start with '$'.");
            }

            var segments = new List<JsonPathSegment>();
            string? function = null;
            while (!AtEnd)
            {
                var c = Current;
                if (c == '.')
                {
                    if (Peek(1) == '.')
                    {
                        _pos += 2;
                        if (Current == '.')
                        {
                            throw Fail("'...' is not valid.");
                        }

                        var selector = Current == '[' ? ParseBracket(nesting) : ParseDotSelector(out _);
                        segments.Add(new JsonPathDescendantSegment(selector));
                        continue;
                    }

                    _pos++;
                    if (Current == '[')
                    {
                        // A bracket after a dot is the bracket alone, as Jayway reads it: $.[0], $.a.['b c'], $.[?(@.x)].
                        // AWS's intrinsic functions page writes $.abc.['def ghi'], and deployed definitions (AWS's
                        // samples among them) write $.[0] and $.Snapshots.[0].State in every kind of path.
                        segments.Add(ParseBracket(nesting));
                        continue;
                    }

                    var segment = ParseDotSelector(out var functionName);
                    if (functionName is not null)
                    {
                        function = functionName;
                        break;
                    }

                    segments.Add(segment!);
                }
                else if (c == '[')
                {
                    segments.Add(ParseBracket(nesting));
                }
                else if (_jayway && _filterDepth == 0 && segments.Count > 0 && !IsNameTerminator(c))
                {
                    // Jayway reads any other character after a segment as the start of a member name: $.a[0]b is $.a[0].b.
                    var segment = ParseDotSelector(out var functionName);
                    if (functionName is not null)
                    {
                        function = functionName;
                        break;
                    }

                    segments.Add(segment!);
                }
                else
                {
                    break;
                }
            }

            return new JsonPathExpression(_text.Substring(start, _pos - start), root, variable, segments.ToArray(), function);
        }

        private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

        private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';

        private JsonPathSegment ParseDotSelector(out string? function)
        {
            function = null;
            if (Current == '*')
            {
                _pos++;
                return JsonPathWildcardSegment.Instance;
            }

            var start = _pos;
            while (!AtEnd && !IsNameTerminator(Current))
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw Fail(AtEnd ? "Expected a member name after '.'." : "Unexpected '" + Current + "' after '.'.");
            }

            var name = _text.Substring(start, _pos - start);
            if (Current == '(')
            {
                if (Peek(1) != ')')
                {
                    throw Fail("Path functions take no arguments: expected '" + name + "()'.");
                }

                if (!string.Equals(name, "length", StringComparison.Ordinal) && !IsKnownFunction(name))
                {
                    throw FailAt(start, "Unknown path function '" + name + "()'.");
                }

                _pos += 2;
                function = name;
                return JsonPathWildcardSegment.Instance;
            }

            return new JsonPathPropertySegment(new[] { name });
        }

        private static bool IsKnownFunction(string name) => name switch
        {
            "length" or "size" or "min" or "max" or "avg" or "stddev" or "sum" or "keys" or "first" or "last" => true,
            _ => false,
        };

        private bool IsNameTerminator(char c)
        {
            switch (c)
            {
                case '.' or '[' or ' ' or '(' or ')' or ',' or ']' or '=' or '!' or '<' or '>' or '&' or '|' or '\t' or '\n' or '\r':
                    return true;
                case '\'' or '"':
                    // Jayway keeps quotes in a dotted name at the top level ($.'a' names the member 'a' with its quotes).
                    return !_jayway || _filterDepth > 0;
                case '/':
                    // Inside a filter '/' ends a name (Jayway rejects the arithmetic that follows).
                    return _filterDepth > 0;
                default:
                    return false;
            }
        }

        private JsonPathSegment ParseBracket(int nesting)
        {
            var open = _pos;
            _pos++; // '['
            SkipSpaces();
            JsonPathSegment segment;
            if (Current == '*')
            {
                _pos++;
                segment = JsonPathWildcardSegment.Instance;
            }
            else if (Current == '?')
            {
                _pos++;
                SkipSpaces();
                if (Current != '(')
                {
                    throw Fail("Expected '(' after '?'.");
                }

                _pos++;
                _filterDepth++;
                var filter = ParseOr(nesting + 1);
                _filterDepth--;
                SkipSpaces();
                if (Current != ')')
                {
                    throw Fail(AtEnd ? "The filter is not closed: expected ')'." : "Unexpected '" + Current + "' in the filter.");
                }

                _pos++;
                segment = new JsonPathFilterSegment(filter);
            }
            else if (Current == '\'' || Current == '"')
            {
                var names = new List<string>();
                while (true)
                {
                    SkipSpaces();
                    if (Current != '\'' && Current != '"')
                    {
                        throw Fail("Expected a quoted member name.");
                    }

                    names.Add(ParseQuoted());
                    SkipSpaces();
                    if (Current == ',')
                    {
                        _pos++;
                        continue;
                    }

                    break;
                }

                segment = new JsonPathPropertySegment(names.ToArray());
            }
            else if (Current == '-' || Current == ':' || IsDigit(Current))
            {
                segment = ParseIndexOrSlice();
            }
            else
            {
                throw AtEnd || Current == ']'
                    ? FailAt(open, "Empty brackets: expected a name, index, slice, '*' or filter.")
                    : Fail("Unexpected '" + Current + "' in brackets: member names must be quoted.");
            }

            SkipSpaces();
            if (Current != ']')
            {
                throw Fail(AtEnd ? "Expected ']'." : "Unexpected '" + Current + "': expected ']'.");
            }

            _pos++;
            return segment;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private JsonPathSegment ParseIndexOrSlice()
        {
            var first = ParseOptionalInt();
            SkipSpaces();
            if (Current == ':')
            {
                _pos++;
                SkipSpaces();
                var end = ParseOptionalInt();
                SkipSpaces();
                int? step = null;
                var hasStep = false;
                if (Current == ':')
                {
                    hasStep = true;
                    _pos++;
                    SkipSpaces();
                    step = ParseOptionalInt();
                }

                if (first is null && end is null)
                {
                    // Jayway rejects [:] and [::n].
                    throw Fail("A slice needs a start or an end.");
                }

                _ = hasStep;
                return new JsonPathSliceSegment(first, end, step);
            }

            if (first is null)
            {
                throw Fail("Expected an index.");
            }

            var indexes = new List<int> { first.Value };
            while (Current == ',')
            {
                _pos++;
                SkipSpaces();
                var next = ParseOptionalInt() ?? throw Fail("Expected an index after ','.");
                indexes.Add(next);
                SkipSpaces();
            }

            return new JsonPathIndexSegment(indexes.ToArray());
        }

        private int? ParseOptionalInt()
        {
            var start = _pos;
            if (Current == '-')
            {
                _pos++;
            }

            var digitsStart = _pos;
            while (IsDigit(Current))
            {
                _pos++;
            }

            if (_pos == digitsStart)
            {
                if (_pos != start)
                {
                    throw Fail("Expected digits after '-'.");
                }

                return null;
            }

            var text = _text.Substring(start, _pos - start);
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw FailAt(start, "The index '" + text + "' is out of range.");
            }

            return value;
        }

        private string ParseQuoted()
        {
            var quote = Current;
            var start = _pos;
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw FailAt(start, "The quoted name is not closed.");
                }

                var c = Current;
                if (c == quote)
                {
                    _pos++;
                    return sb.ToString();
                }

                if (c == '\\')
                {
                    _pos++;
                    if (AtEnd)
                    {
                        throw FailAt(start, "The quoted name is not closed.");
                    }

                    var e = Current;
                    switch (e)
                    {
                        case 'n': sb.Append('\n'); break;
                        case 't': sb.Append('\t'); break;
                        case 'r': sb.Append('\r'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'u' when _pos + 4 < _text.Length && TryParseHex4(_text, _pos + 1, out var code):
                            sb.Append((char)code);
                            _pos += 4;
                            break;
                        // Recorded on AWS: $['Test\""Name"'] reads the key Test\""Name" — a backslash escapes only
                        // itself, the delimiting quote and the control escapes above; before anything else it is literal.
                        default:
                            if (e != quote && e != '\\')
                            {
                                sb.Append('\\');
                            }

                            sb.Append(e);
                            break;
                    }

                    _pos++;
                    continue;
                }

                sb.Append(c);
                _pos++;
            }
        }

        private static bool TryParseHex4(string text, int start, out int code)
        {
            code = 0;
            for (var i = start; i < start + 4; i++)
            {
                var c = text[i];
                var digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    return false;
                }

                code = (code * 16) + digit;
            }

            return true;
        }

        // Filter grammar: or := and ('||' and)*; and := unary ('&&' unary)*; unary := '!' unary | '(' or ')' | comparison.
        private JsonPathFilter ParseOr(int nesting)
        {
            if (nesting > MaxNesting)
            {
                throw Fail("The filter nests too deeply.");
            }

            var terms = new List<JsonPathFilter> { ParseAnd(nesting) };
            while (true)
            {
                SkipSpaces();
                if (Current == '|' && Peek(1) == '|')
                {
                    _pos += 2;
                    terms.Add(ParseAnd(nesting));
                    continue;
                }

                return Chain(false, terms, 0, terms.Count);
            }
        }

        private JsonPathFilter ParseAnd(int nesting)
        {
            var terms = new List<JsonPathFilter> { ParseUnary(nesting) };
            while (true)
            {
                SkipSpaces();
                if (Current == '&' && Peek(1) == '&')
                {
                    _pos += 2;
                    terms.Add(ParseUnary(nesting));
                    continue;
                }

                return Chain(true, terms, 0, terms.Count);
            }
        }

        // A run of one operator (a && b && c ...) as a balanced tree: && and || are associative and their operands
        // are still tested left to right, stopping where the left-leaning tree would stop, but a run of thousands
        // of conditions is a tree only log2(n) deep, which whoever walks it recursively can follow.
        private static JsonPathFilter Chain(bool isAnd, List<JsonPathFilter> terms, int start, int end)
        {
            if (end - start == 1)
            {
                return terms[start];
            }

            var middle = start + ((end - start) / 2);
            return new JsonPathLogicalFilter(isAnd, Chain(isAnd, terms, start, middle), Chain(isAnd, terms, middle, end));
        }

        private JsonPathFilter ParseUnary(int nesting)
        {
            SkipSpaces();
            if (Current == '!' && Peek(1) != '=')
            {
                _pos++;
                if (nesting + 1 > MaxNesting)
                {
                    throw Fail("The filter nests too deeply.");
                }

                return new JsonPathNotFilter(ParseUnary(nesting + 1));
            }

            if (Current == '(')
            {
                _pos++;
                var inner = ParseOr(nesting + 1);
                SkipSpaces();
                if (Current != ')')
                {
                    throw Fail("Expected ')'.");
                }

                _pos++;
                return inner;
            }

            var left = ParseOperand(nesting);
            SkipSpaces();
            var op = ParseOperator();
            if (op is null)
            {
                // Jayway accepts only a path as a lone operand: [?(@.a)], not [?(true)].
                return left is JsonPathPathOperand
                    ? new JsonPathExistsFilter(left)
                    : throw Fail("A filter needs a comparison or a path, not a lone literal.");
            }

            SkipSpaces();
            if (op == JsonPathComparisonOperator.Empty && !(Current == 't' || Current == 'f'))
            {
                return new JsonPathComparisonFilter(left, op.Value, new JsonPathLiteralOperand(JsonPathLiteralKind.Boolean, "true"));
            }

            var right = ParseOperand(nesting);
            return new JsonPathComparisonFilter(left, op.Value, right);
        }

        private JsonPathComparisonOperator? ParseOperator()
        {
            var c = Current;
            var n = Peek(1);
            switch (c)
            {
                case '=' when n == '=' && Peek(2) == '=' && _jayway:
                    _pos += 3;
                    return JsonPathComparisonOperator.TypeSafeEqual;
                case '!' when n == '=' && Peek(2) == '=' && _jayway:
                    _pos += 3;
                    return JsonPathComparisonOperator.TypeSafeNotEqual;
                case '=' when n == '=':
                    _pos += 2;
                    return JsonPathComparisonOperator.Equal;
                case '=' when n == '~':
                    _pos += 2;
                    return JsonPathComparisonOperator.Matches;
                case '!' when n == '=':
                    _pos += 2;
                    return JsonPathComparisonOperator.NotEqual;
                case '<' when n == '=':
                    _pos += 2;
                    return JsonPathComparisonOperator.LessThanOrEqual;
                case '<':
                    _pos++;
                    return JsonPathComparisonOperator.LessThan;
                case '>' when n == '=':
                    _pos += 2;
                    return JsonPathComparisonOperator.GreaterThanOrEqual;
                case '>':
                    _pos++;
                    return JsonPathComparisonOperator.GreaterThan;
                case '=':
                    throw Fail("Use '==' to compare.");
            }

            foreach (var (word, op) in WordOperators)
            {
                if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0 && !IsNameChar(Peek(word.Length)))
                {
                    _pos += word.Length;
                    return op;
                }
            }

            return null;
        }

        private static readonly (string Word, JsonPathComparisonOperator Op)[] WordOperators =
        {
            ("nin", JsonPathComparisonOperator.NotIn),
            ("in", JsonPathComparisonOperator.In),
            ("subsetof", JsonPathComparisonOperator.SubsetOf),
            ("anyof", JsonPathComparisonOperator.AnyOf),
            ("noneof", JsonPathComparisonOperator.NoneOf),
            ("size", JsonPathComparisonOperator.Size),
            ("empty", JsonPathComparisonOperator.Empty),
        };

        /// <summary>
        /// The JSON literal at <paramref name="start"/>..<paramref name="end"/> as JSON text: strings in single quotes
        /// (which Jayway allows) rewritten in double quotes. Anything else that is not JSON (<c>[2, 01]</c>,
        /// <c>[2,]</c>) fails the path at the offending character, rather than matching nothing when evaluated.
        /// </summary>
        private string ReadJsonLiteral(int start, int end)
        {
            var json = new StringBuilder(end - start);
            var origin = new List<int>(end - start); // the offset in the path of each character of json
            void Put(char c, int from)
            {
                json.Append(c);
                origin.Add(from);
            }

            for (var i = start; i < end; i++)
            {
                var c = _text[i];
                if (c != '\'' && c != '"')
                {
                    Put(c, i);
                    continue;
                }

                var quote = c;
                Put('"', i);
                for (i++; i < end && _text[i] != quote; i++)
                {
                    var ch = _text[i];
                    if (ch == '\\' && i + 1 < end)
                    {
                        if (_text[i + 1] == '\'')
                        {
                            Put('\'', i + 1); // \' is no JSON escape; the quote itself needs none
                        }
                        else
                        {
                            Put(ch, i);
                            Put(_text[i + 1], i + 1);
                        }

                        i++;
                    }
                    else if (ch == '"')
                    {
                        Put('\\', i);
                        Put('"', i);
                    }
                    else
                    {
                        Put(ch, i);
                    }
                }

                Put('"', Math.Min(i, end - 1));
            }

            var text = json.ToString();
            var read = Json.JsonSyntaxReader.Parse(text);
            if (read.FatalError is { } error)
            {
                var at = origin.Count == 0 ? start : origin[Math.Max(0, Math.Min(error.Span.Start, origin.Count - 1))];
                throw FailAt(at, string.Format(
                    CultureInfo.InvariantCulture,
                    "The JSON literal {0} is not valid at character {1}: {2}",
                    _text.Substring(start, end - start),
                    at + 1,
                    error.Message));
            }

            return text;
        }

        private JsonPathOperand ParseOperand(int nesting)
        {
            SkipSpaces();
            var c = Current;
            if (c == '@' || c == '$')
            {
                return new JsonPathPathOperand(ParsePath(nesting + 1, allowCurrent: true));
            }

            if (c == '\'' || c == '"')
            {
                return new JsonPathLiteralOperand(JsonPathLiteralKind.String, ParseQuoted());
            }

            if (c == '-' || IsDigit(c))
            {
                var start = _pos;
                _pos++;
                while (IsDigit(Current) || Current == '.' || Current == 'e' || Current == 'E' ||
                       ((Current == '+' || Current == '-') && (_text[_pos - 1] == 'e' || _text[_pos - 1] == 'E')))
                {
                    _pos++;
                }

                var number = _text.Substring(start, _pos - start);
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw FailAt(start, "'" + number + "' is not a number.");
                }

                return new JsonPathLiteralOperand(JsonPathLiteralKind.Number, number);
            }

            if (c == '/')
            {
                var start = _pos;
                _pos++;
                var sb = new StringBuilder();
                while (!AtEnd && Current != '/')
                {
                    if (Current == '\\' && Peek(1) == '/')
                    {
                        sb.Append('/');
                        _pos += 2;
                        continue;
                    }

                    sb.Append(Current);
                    _pos++;
                }

                if (AtEnd)
                {
                    throw FailAt(start, "The regular expression is not closed with '/'.");
                }

                _pos++;
                var flagsStart = _pos;
                while (Current is 'i' or 'm' or 's' or 'x' or 'u' or 'U' or 'd') // Jayway's flags (Java's Pattern flags)
                {
                    _pos++;
                }

                return new JsonPathLiteralOperand(JsonPathLiteralKind.Regex, sb.ToString(), _text.Substring(flagsStart, _pos - flagsStart));
            }

            if (c == '[' || c == '{')
            {
                var start = _pos;
                var depth = 0;
                char? quote = null;
                while (!AtEnd)
                {
                    var ch = Current;
                    if (quote is not null)
                    {
                        if (ch == '\\')
                        {
                            _pos++;
                        }
                        else if (ch == quote)
                        {
                            quote = null;
                        }
                    }
                    else if (ch == '\'' || ch == '"')
                    {
                        quote = ch;
                    }
                    else if (ch == '[' || ch == '{')
                    {
                        depth++;
                    }
                    else if (ch == ']' || ch == '}')
                    {
                        depth--;
                        if (depth == 0)
                        {
                            _pos++;
                            return new JsonPathLiteralOperand(JsonPathLiteralKind.Json, ReadJsonLiteral(start, _pos));
                        }
                    }

                    _pos++;
                }

                throw FailAt(start, "The JSON literal is not closed.");
            }

            foreach (var word in new[] { "true", "false", "null" })
            {
                if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0 && !IsNameChar(Peek(word.Length)))
                {
                    _pos += word.Length;
                    return new JsonPathLiteralOperand(word == "null" ? JsonPathLiteralKind.Null : JsonPathLiteralKind.Boolean, word);
                }
            }

            throw Fail(AtEnd ? "The filter ends too early: expected a value." : "Unexpected '" + c + "': expected a path, string, number, true, false, null or /regex/.");
        }
    }
}
