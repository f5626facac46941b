using System;
using System.Collections.Generic;
using System.Text;

namespace AslCompiler.Language.Jsonata;

/// <summary>
/// JSONata's top-down operator precedence parser (Pratt), producing the raw tree. Binding powers, prefix and infix
/// forms and the points where errors are raised follow JSONata 2.0.6. Recursion and tree height are bounded by
/// <see cref="JsonataParserOptions.MaxDepth"/>.
/// </summary>
internal sealed class JsonataPrattParser
{
    private readonly string _source;
    private readonly JsonataLexer _lexer;
    private readonly int _maxDepth;
    private JsonataToken _token;
    private int _depth;

    public JsonataPrattParser(string source, int maxDepth)
    {
        _source = source;
        _lexer = new JsonataLexer(source);
        _maxDepth = maxDepth;
    }

    public RawNode ParseExpression()
    {
        Advance(null, infix: false);
        var expression = Expression(0);
        if (_token.Kind != JsonataTokenKind.End)
        {
            throw Failure("S0201", _token, _token.Display, null);
        }

        return expression;
    }

    /// <summary>The left binding power of the current token.</summary>
    private static int LeftBindingPower(JsonataToken token)
    {
        if (token.Kind != JsonataTokenKind.Operator)
        {
            return 0;
        }

        switch (token.Text)
        {
            case ".":
                return 75;
            case "[":
            case "(":
            case "@":
            case "#":
                return 80;
            case "{":
                return 70;
            case "?":
                return 20;
            case "+":
            case "-":
            case "&":
                return 50;
            case "*":
            case "/":
            case "%":
                return 60;
            case "=":
            case "<":
            case ">":
            case "^":
            case "!=":
            case "<=":
            case ">=":
            case "~>":
            case "in":
                return 40;
            case "and":
                return 30;
            case "or":
                return 25;
            case ":=":
                return 10;
            default:
                return 0;
        }
    }

    /// <summary>Whether the parser knows the operator at all (JSONata raises S0204 for <c>!</c> and <c>~</c> alone).</summary>
    private static bool IsKnownOperator(string op) => op != "!" && op != "~";

    private static string Id(JsonataToken token) => token.Kind switch
    {
        JsonataTokenKind.Operator => token.Text,
        JsonataTokenKind.End => "(end)",
        JsonataTokenKind.Name or JsonataTokenKind.Variable => "(name)",
        JsonataTokenKind.Regex => "(regex)",
        _ => "(literal)",
    };

    private bool At(string op) => _token.IsOperator(op);

    /// <summary>
    /// Checks the current token is <paramref name="expected"/> (when given) and reads the next one.
    /// <paramref name="infix"/>: the next token follows an operand, so <c>/</c> divides.
    /// </summary>
    private void Advance(string? expected, bool infix)
    {
        if (expected is not null && !_token.IsOperator(expected))
        {
            var code = _token.Kind == JsonataTokenKind.End ? "S0203" : "S0202";
            throw Failure(code, _token, _token.Display, expected);
        }

        var next = _lexer.Next(infix);
        if (next.Kind == JsonataTokenKind.Operator && !IsKnownOperator(next.Text))
        {
            throw Failure("S0204", next, next.Text, null);
        }

        _token = next;
    }

    private RawNode Expression(int rbp)
    {
        if (++_depth > _maxDepth)
        {
            throw TooDeep(_token.Start);
        }

        var t = _token;
        Advance(null, infix: true);
        var left = Nud(t);
        while (rbp < LeftBindingPower(_token))
        {
            t = _token;
            Advance(null, infix: false);
            left = Led(t, left);
        }

        _depth--;
        return left;
    }

    private RawNode Nud(JsonataToken t)
    {
        switch (t.Kind)
        {
            case JsonataTokenKind.Name:
                return new RawNode(RawKind.Name, t);
            case JsonataTokenKind.Variable:
                return new RawNode(RawKind.Variable, t);
            case JsonataTokenKind.String:
                return new RawNode(RawKind.String, t);
            case JsonataTokenKind.Number:
                return new RawNode(RawKind.Number, t);
            case JsonataTokenKind.True:
                return new RawNode(RawKind.True, t);
            case JsonataTokenKind.False:
                return new RawNode(RawKind.False, t);
            case JsonataTokenKind.Null:
                return new RawNode(RawKind.Null, t);
            case JsonataTokenKind.Regex:
                return new RawNode(RawKind.Regex, t);
            case JsonataTokenKind.End:
                return new RawNode(RawKind.End, t);
        }

        switch (t.Text)
        {
            case "and":
            case "or":
            case "in":
                return new RawNode(RawKind.KeywordName, t);
            case "-":
                {
                    var node = new RawNode(RawKind.Negate, t) { Lhs = Expression(70) };
                    return Finish(node);
                }

            case "*":
                return new RawNode(RawKind.Wildcard, t);
            case "**":
                return new RawNode(RawKind.Descendant, t);
            case "%":
                return new RawNode(RawKind.Parent, t);
            case "(":
                return Block(t);
            case "[":
                return ArrayConstructor(t);
            case "{":
                return ObjectConstructor(t, null);
            case "|":
                return Transform(t);
            default:
                throw Failure("S0211", t, t.Display, null);
        }
    }

    private RawNode Led(JsonataToken t, RawNode left)
    {
        switch (t.Text)
        {
            case "(":
                return Call(t, left);
            case "[":
                return Predicate(t, left);
            case "^":
                return OrderBy(t, left);
            case "{":
                return ObjectConstructor(t, left);
            case ":=":
                {
                    if (left.Kind != RawKind.Variable)
                    {
                        throw Failure("S0212", left.Start, left.End, left.Display, null);
                    }

                    var node = new RawNode(RawKind.Bind, t) { Lhs = left, Rhs = Expression(9) };
                    return Finish(node);
                }

            case "@":
            case "#":
                {
                    var node = new RawNode(t.Text == "@" ? RawKind.Focus : RawKind.Index, t) { Lhs = left, Rhs = Expression(80) };
                    if (node.Rhs.Kind != RawKind.Variable)
                    {
                        throw Failure("S0214", node.Rhs.Start, node.Rhs.End, t.Text, null);
                    }

                    return Finish(node);
                }

            case "?":
                {
                    var node = new RawNode(RawKind.Condition, t) { Lhs = left, Rhs = Expression(0) };
                    if (At(":"))
                    {
                        Advance(":", infix: false);
                        node.Third = Expression(0);
                    }

                    return Finish(node);
                }

            case "~>":
                return Finish(new RawNode(RawKind.Apply, t) { Lhs = left, Rhs = Expression(40) });
            default:
                // Left-associative binary operators (including '.').
                return Finish(new RawNode(RawKind.Binary, t) { Lhs = left, Rhs = Expression(LeftBindingPower(t)) });
        }
    }

    private RawNode Call(JsonataToken t, RawNode procedure)
    {
        var node = new RawNode(RawKind.Call, t) { Lhs = procedure, Items = new List<RawNode>() };
        if (!At(")"))
        {
            while (true)
            {
                if (At("?"))
                {
                    node.Kind = RawKind.Partial;
                    node.Items.Add(new RawNode(RawKind.Placeholder, _token));
                    Advance("?", infix: false);
                }
                else
                {
                    node.Items.Add(Expression(0));
                }

                if (!At(","))
                {
                    break;
                }

                Advance(",", infix: false);
            }
        }

        Advance(")", infix: true);

        if (procedure.Kind == RawKind.Name && (procedure.Text == "function" || procedure.Text == "\u03BB"))
        {
            for (var i = 0; i < node.Items.Count; i++)
            {
                var parameter = node.Items[i];
                if (parameter.Kind != RawKind.Variable)
                {
                    throw Failure("S0208", parameter.Start, parameter.End, parameter.Display, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            node.Kind = RawKind.Lambda;
            if (At("<"))
            {
                node.Signature = Signature();
            }

            Advance("{", infix: false);
            node.Rhs = Expression(0);
            Advance("}", infix: false);
        }

        return Finish(node);
    }

    /// <summary>
    /// Reads <c>&lt;...&gt;</c> after a lambda's parameters. Like JSONata, the signature is the concatenation of the
    /// tokens up to the matching <c>&gt;</c> (so whitespace inside it is dropped).
    /// </summary>
    private JsonataSignature Signature()
    {
        var sourceStart = _token.Start;
        var builder = new StringBuilder("<");
        var offsets = new List<int> { _token.Start };
        var depth = 1;
        while (depth > 0 && !At("{") && _token.Kind != JsonataTokenKind.End)
        {
            Advance(null, infix: false);
            if (At(">"))
            {
                depth--;
            }
            else if (At("<"))
            {
                depth++;
            }

            var text = _token.Kind switch
            {
                JsonataTokenKind.String or JsonataTokenKind.Name or JsonataTokenKind.Variable or JsonataTokenKind.Operator => _token.Text,
                _ => _token.Display,
            };
            for (var k = 0; k < text.Length; k++)
            {
                offsets.Add(_token.Start + Math.Min(k, Math.Max(0, _token.End - _token.Start - 1)));
            }

            builder.Append(text);
        }

        var sourceEnd = _token.End;
        Advance(">", infix: false);
        var definition = builder.ToString();
        var signature = JsonataSignature.TryParse(definition, out var code, out var offset);
        if (signature is null)
        {
            var at = offset < offsets.Count ? offsets[offset] : _source.Length;
            throw Failure(code!, at, Math.Min(at + 1, _source.Length), null, null);
        }

        signature.SourceText = _source.Substring(sourceStart, sourceEnd - sourceStart);
        return signature;
    }

    private RawNode Block(JsonataToken t)
    {
        var node = new RawNode(RawKind.Block, t) { Items = new List<RawNode>() };
        while (!At(")"))
        {
            node.Items.Add(Expression(0));
            if (!At(";"))
            {
                break;
            }

            Advance(";", infix: false);
        }

        Advance(")", infix: true);
        return Finish(node);
    }

    private RawNode ArrayConstructor(JsonataToken t)
    {
        var node = new RawNode(RawKind.ArrayConstructor, t) { Items = new List<RawNode>() };
        if (!At("]"))
        {
            while (true)
            {
                var item = Expression(0);
                if (At(".."))
                {
                    var range = new RawNode(RawKind.Binary, _token) { Lhs = item };
                    Advance("..", infix: false);
                    range.Rhs = Expression(0);
                    item = Finish(range);
                }

                node.Items.Add(item);
                if (!At(","))
                {
                    break;
                }

                Advance(",", infix: false);
            }
        }

        Advance("]", infix: true);
        return Finish(node);
    }

    private RawNode Predicate(JsonataToken t, RawNode left)
    {
        if (At("]"))
        {
            // An empty predicate keeps singleton arrays: it marks the step under any predicates.
            var step = left;
            while (step.Kind == RawKind.Predicate)
            {
                step = step.Lhs!;
            }

            step.KeepArray = true;
            Advance("]", infix: false);
            return left;
        }

        var node = new RawNode(RawKind.Predicate, t) { Lhs = left, Rhs = Expression(0) };
        Advance("]", infix: true);
        return Finish(node);
    }

    private RawNode OrderBy(JsonataToken t, RawNode left)
    {
        Advance("(", infix: false);
        var node = new RawNode(RawKind.OrderBy, t) { Lhs = left, Terms = new List<KeyValuePair<bool, RawNode>>() };
        while (true)
        {
            var descending = false;
            if (At("<"))
            {
                Advance("<", infix: false);
            }
            else if (At(">"))
            {
                descending = true;
                Advance(">", infix: false);
            }

            node.Terms.Add(new KeyValuePair<bool, RawNode>(descending, Expression(0)));
            if (!At(","))
            {
                break;
            }

            Advance(",", infix: false);
        }

        Advance(")", infix: false);
        return Finish(node);
    }

    private RawNode ObjectConstructor(JsonataToken t, RawNode? left)
    {
        var node = new RawNode(left is null ? RawKind.ObjectConstructor : RawKind.GroupBy, t)
        {
            Lhs = left,
            Pairs = new List<KeyValuePair<RawNode, RawNode>>(),
        };
        if (!At("}"))
        {
            while (true)
            {
                var key = Expression(0);
                Advance(":", infix: false);
                var value = Expression(0);
                node.Pairs.Add(new KeyValuePair<RawNode, RawNode>(key, value));
                if (!At(","))
                {
                    break;
                }

                Advance(",", infix: false);
            }
        }

        Advance("}", infix: true);
        return Finish(node);
    }

    private RawNode Transform(JsonataToken t)
    {
        var node = new RawNode(RawKind.Transform, t) { Lhs = Expression(0) };
        Advance("|", infix: false);
        node.Rhs = Expression(0);
        if (At(","))
        {
            Advance(",", infix: false);
            node.Third = Expression(0);
        }

        Advance("|", infix: false);
        return Finish(node);
    }

    /// <summary>Computes the node's height from its children and enforces the depth limit (left-deep chains such as <c>a.b.c…</c> grow height without recursion).</summary>
    private RawNode Finish(RawNode node)
    {
        var height = 0;
        height = Math.Max(height, node.Lhs?.Height ?? 0);
        height = Math.Max(height, node.Rhs?.Height ?? 0);
        height = Math.Max(height, node.Third?.Height ?? 0);
        if (node.Items is not null)
        {
            foreach (var item in node.Items)
            {
                height = Math.Max(height, item.Height);
            }
        }

        if (node.Pairs is not null)
        {
            foreach (var pair in node.Pairs)
            {
                height = Math.Max(height, Math.Max(pair.Key.Height, pair.Value.Height));
            }
        }

        if (node.Terms is not null)
        {
            foreach (var term in node.Terms)
            {
                height = Math.Max(height, term.Value.Height);
            }
        }

        node.Height = height + 1;
        if (node.Height > _maxDepth)
        {
            throw TooDeep(node.Start);
        }

        return node;
    }

    private JsonataParseFailure TooDeep(int at) =>
        JsonataParseFailure.Create("U1001", at, Math.Min(at + 1, _source.Length), null, null);

    private static JsonataParseFailure Failure(string code, JsonataToken token, string? display, string? value) =>
        JsonataParseFailure.Create(code, token.Start, token.End, display, value);

    private static JsonataParseFailure Failure(string code, int start, int end, string? display, string? value) =>
        JsonataParseFailure.Create(code, start, end, display, value);
}
