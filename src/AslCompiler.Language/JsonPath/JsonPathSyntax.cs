using System;
using System.Collections.Generic;

namespace AslCompiler.Language.JsonPath;

/// <summary>Where a path starts.</summary>
public enum JsonPathRoot
{
    /// <summary><c>$</c>: the state's input (or the value the path is applied to).</summary>
    Input,

    /// <summary><c>$$</c>: the context object.</summary>
    Context,

    /// <summary><c>$name</c>: a workflow variable.</summary>
    Variable,

    /// <summary><c>@</c>: the current item inside a filter.</summary>
    Current,
}

/// <summary>Which spelling of JSONPath the parser accepts.</summary>
public enum JsonPathDialect
{
    /// <summary>
    /// What a state machine definition may contain (the definition validator's rules): paths start with <c>$</c>,
    /// no <c>.[</c>, no quoted names after a dot, the operators Step Functions documents.
    /// </summary>
    StepFunctions,

    /// <summary>
    /// Everything Jayway JsonPath 2.10 reads, as the evaluator (run time, <c>asl eval --jsonpath</c>) accepts it:
    /// a path without a root is relative to <c>$.</c>, <c>$.['a']</c>, <c>$.'a'</c> (the quotes are part of the
    /// name), a member name straight after a segment, <c>===</c> and <c>!==</c>, <c>@</c> as the root.
    /// </summary>
    Jayway,
}

/// <summary>A syntax error in a path or intrinsic function call, at an offset inside the expression text.</summary>
/// <param name="Offset">The zero-based offset in the expression string (map it to the source with <c>JsonStringSyntax.GetSourceOffset</c>).</param>
/// <param name="Message">What is wrong.</param>
public sealed record JsonPathSyntaxError(int Offset, string Message)
{
    /// <summary>
    /// How many characters from <see cref="Offset"/> the error is about (an unknown function's whole name); 1 when it
    /// is about the character at <see cref="Offset"/>.
    /// </summary>
    public int Length { get; init; } = 1;

    /// <inheritdoc/>
    public override string ToString() => Message + " (at offset " + Offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
}

/// <summary>Thrown by the <c>Parse</c> methods when the text is not a valid expression.</summary>
public sealed class JsonPathSyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public JsonPathSyntaxException(JsonPathSyntaxError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString()) => Error = error;

    /// <summary>The error.</summary>
    public JsonPathSyntaxError Error { get; }
}

/// <summary>
/// A parsed JSONPath (Jayway semantics): a root, then segments. Immutable; shared by the runtime evaluator and
/// the code generator.
/// </summary>
public sealed class JsonPathExpression
{
    internal JsonPathExpression(string text, JsonPathRoot root, string? variableName, IReadOnlyList<JsonPathSegment> segments, string? function)
    {
        Text = text;
        Root = root;
        VariableName = variableName;
        Segments = segments;
        Function = function;
        var definite = true;
        for (var i = 0; i < segments.Count; i++)
        {
            // Jayway merges ['a','b'] into one object only as the last segment; before others it is a union.
            definite &= segments[i].IsDefinite && !(segments[i] is JsonPathPropertySegment p && p.Names.Count > 1 && i < segments.Count - 1);
        }

        HasDefiniteSegments = definite;
        IsDefinite = definite && function is null;
    }

    /// <summary>The expression text as written.</summary>
    public string Text { get; }

    /// <summary>Where the path starts.</summary>
    public JsonPathRoot Root { get; }

    /// <summary>The variable name (without <c>$</c>) when <see cref="Root"/> is <see cref="JsonPathRoot.Variable"/>.</summary>
    public string? VariableName { get; }

    /// <summary>The segments after the root, in order.</summary>
    public IReadOnlyList<JsonPathSegment> Segments { get; }

    /// <summary>A trailing function call such as <c>length()</c>, or null.</summary>
    public string? Function { get; }

    /// <summary>
    /// Whether the path names at most one node (only member names and single indexes): such a path gives a
    /// value, an indefinite one gives an array of the matches.
    /// </summary>
    public bool IsDefinite { get; }

    /// <summary>
    /// Whether the segments name at most one node, a trailing function aside: such a path has no wildcard, filter, slice,
    /// union or scan, so its evaluation fails only where it names nothing (never on a limit or a regular expression).
    /// </summary>
    public bool HasDefiniteSegments { get; }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>One step of a path.</summary>
public abstract class JsonPathSegment
{
    private protected JsonPathSegment()
    {
    }

    /// <summary>Whether the segment selects at most one node.</summary>
    public abstract bool IsDefinite { get; }
}

/// <summary><c>.name</c> or <c>['name']</c>; several names (<c>['a','b']</c>) make a union.</summary>
public sealed class JsonPathPropertySegment : JsonPathSegment
{
    internal JsonPathPropertySegment(IReadOnlyList<string> names) => Names = names;

    /// <summary>The member names (one, or several for a union).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The single member name.</summary>
    public string Name => Names[0];

    /// <summary>Definite (Jayway merges several names into one object of the members present).</summary>
    public override bool IsDefinite => true;
}

/// <summary><c>[0]</c>, <c>[-1]</c>, or a union of indexes <c>[0,2]</c>.</summary>
public sealed class JsonPathIndexSegment : JsonPathSegment
{
    internal JsonPathIndexSegment(IReadOnlyList<int> indexes) => Indexes = indexes;

    /// <summary>The indexes (negative counts from the end).</summary>
    public IReadOnlyList<int> Indexes { get; }

    /// <inheritdoc/>
    public override bool IsDefinite => Indexes.Count == 1;
}

/// <summary><c>[start:end]</c> (Jayway ignores a step).</summary>
public sealed class JsonPathSliceSegment : JsonPathSegment
{
    internal JsonPathSliceSegment(int? start, int? end, int? step)
    {
        Start = start;
        End = end;
        Step = step;
    }

    /// <summary>The first index (negative counts from the end), or null for 0.</summary>
    public int? Start { get; }

    /// <summary>The end index, exclusive, or null for the length.</summary>
    public int? End { get; }

    /// <summary>The step as written (not used by Jayway).</summary>
    public int? Step { get; }

    /// <inheritdoc/>
    public override bool IsDefinite => false;
}

/// <summary><c>.*</c> or <c>[*]</c>: every member value or item.</summary>
public sealed class JsonPathWildcardSegment : JsonPathSegment
{
    internal static readonly JsonPathWildcardSegment Instance = new();

    private JsonPathWildcardSegment()
    {
    }

    /// <inheritdoc/>
    public override bool IsDefinite => false;
}

/// <summary><c>..</c> followed by a selector: the selector applied to the node and every descendant.</summary>
public sealed class JsonPathDescendantSegment : JsonPathSegment
{
    internal JsonPathDescendantSegment(JsonPathSegment selector) => Selector = selector;

    /// <summary>The selector applied at every level.</summary>
    public JsonPathSegment Selector { get; }

    /// <inheritdoc/>
    public override bool IsDefinite => false;
}

/// <summary><c>[?(...)]</c>: the items (or member values) for which the filter holds.</summary>
public sealed class JsonPathFilterSegment : JsonPathSegment
{
    internal JsonPathFilterSegment(JsonPathFilter filter) => Filter = filter;

    /// <summary>The condition.</summary>
    public JsonPathFilter Filter { get; }

    /// <inheritdoc/>
    public override bool IsDefinite => false;
}

/// <summary>A filter condition.</summary>
public abstract class JsonPathFilter
{
    private protected JsonPathFilter()
    {
    }
}

/// <summary><c>a &amp;&amp; b</c> or <c>a || b</c>.</summary>
public sealed class JsonPathLogicalFilter : JsonPathFilter
{
    internal JsonPathLogicalFilter(bool isAnd, JsonPathFilter left, JsonPathFilter right)
    {
        IsAnd = isAnd;
        Left = left;
        Right = right;
    }

    /// <summary>True for <c>&amp;&amp;</c>, false for <c>||</c>.</summary>
    public bool IsAnd { get; }

    /// <summary>The left operand.</summary>
    public JsonPathFilter Left { get; }

    /// <summary>The right operand.</summary>
    public JsonPathFilter Right { get; }
}

/// <summary><c>!a</c>.</summary>
public sealed class JsonPathNotFilter : JsonPathFilter
{
    internal JsonPathNotFilter(JsonPathFilter operand) => Operand = operand;

    /// <summary>The negated condition.</summary>
    public JsonPathFilter Operand { get; }
}

/// <summary>A lone operand: true when the path exists (or the literal is truthy).</summary>
public sealed class JsonPathExistsFilter : JsonPathFilter
{
    internal JsonPathExistsFilter(JsonPathOperand operand) => Operand = operand;

    /// <summary>The operand tested.</summary>
    public JsonPathOperand Operand { get; }
}

/// <summary>The comparison operators of filters.</summary>
public enum JsonPathComparisonOperator
{
    /// <summary><c>==</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,

    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,

    /// <summary><c>=~</c> (regular expression match)</summary>
    Matches,

    /// <summary><c>in</c></summary>
    In,

    /// <summary><c>nin</c></summary>
    NotIn,

    /// <summary><c>subsetof</c></summary>
    SubsetOf,

    /// <summary><c>anyof</c></summary>
    AnyOf,

    /// <summary><c>noneof</c></summary>
    NoneOf,

    /// <summary><c>size</c></summary>
    Size,

    /// <summary><c>empty</c></summary>
    Empty,

    /// <summary><c>===</c>: equal in value and type (<see cref="JsonPathDialect.Jayway"/> only).</summary>
    TypeSafeEqual,

    /// <summary><c>!==</c>: not equal in value or type (<see cref="JsonPathDialect.Jayway"/> only).</summary>
    TypeSafeNotEqual,
}

/// <summary><c>left op right</c>.</summary>
public sealed class JsonPathComparisonFilter : JsonPathFilter
{
    internal JsonPathComparisonFilter(JsonPathOperand left, JsonPathComparisonOperator op, JsonPathOperand right)
    {
        Left = left;
        Operator = op;
        Right = right;
    }

    /// <summary>The left operand.</summary>
    public JsonPathOperand Left { get; }

    /// <summary>The operator.</summary>
    public JsonPathComparisonOperator Operator { get; }

    /// <summary>The right operand.</summary>
    public JsonPathOperand Right { get; }
}

/// <summary>An operand of a filter comparison.</summary>
public abstract class JsonPathOperand
{
    private protected JsonPathOperand()
    {
    }
}

/// <summary>A path operand: <c>@.price</c>, <c>$.limit</c>, <c>@.items.length()</c>.</summary>
public sealed class JsonPathPathOperand : JsonPathOperand
{
    internal JsonPathPathOperand(JsonPathExpression path) => Path = path;

    /// <summary>The path.</summary>
    public JsonPathExpression Path { get; }
}

/// <summary>The kinds of literal operands.</summary>
public enum JsonPathLiteralKind
{
    /// <summary>A quoted string.</summary>
    String,

    /// <summary>A number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary><c>null</c>.</summary>
    Null,

    /// <summary>A JSON array or object (strings may be single-quoted), as JSON text.</summary>
    Json,

    /// <summary>A regular expression <c>/pattern/flags</c>: <see cref="JsonPathLiteralOperand.Text"/> is the pattern.</summary>
    Regex,
}

/// <summary>A literal operand.</summary>
public sealed class JsonPathLiteralOperand : JsonPathOperand
{
    internal JsonPathLiteralOperand(JsonPathLiteralKind kind, string text, string flags = "")
    {
        Kind = kind;
        Text = text;
        Flags = flags;
    }

    /// <summary>The kind of literal.</summary>
    public JsonPathLiteralKind Kind { get; }

    /// <summary>
    /// The value: the unescaped string, the number's spelling, <c>true</c>/<c>false</c>/<c>null</c>, the JSON text (checked,
    /// with single-quoted strings rewritten in double quotes), or the regex pattern.
    /// </summary>
    public string Text { get; }

    /// <summary>The flags of a regular expression (<c>i</c>...).</summary>
    public string Flags { get; }
}
