using System.Collections.Generic;

namespace AslCompiler.Language.Jsonata;

/// <summary>The shapes the Pratt parser produces before post-processing.</summary>
internal enum RawKind
{
    Name,
    Variable,
    String,
    Number,
    True,
    False,
    Null,
    Regex,

    /// <summary><c>and</c>, <c>or</c>, <c>in</c> used as an operand: a field name.</summary>
    KeywordName,

    /// <summary>The <c>?</c> argument of a partial application.</summary>
    Placeholder,

    /// <summary>The end of the expression used as an operand (reported as S0207 during post-processing).</summary>
    End,
    Binary,
    Negate,
    ArrayConstructor,
    ObjectConstructor,
    Wildcard,
    Descendant,
    Parent,
    Call,
    Partial,
    Lambda,
    Block,
    Condition,
    Transform,

    /// <summary><c>lhs[rhs]</c>.</summary>
    Predicate,

    /// <summary><c>lhs{pairs}</c>.</summary>
    GroupBy,

    /// <summary><c>lhs^(terms)</c>.</summary>
    OrderBy,
    Bind,

    /// <summary><c>lhs@$v</c>.</summary>
    Focus,

    /// <summary><c>lhs#$i</c>.</summary>
    Index,
    Apply,
}

/// <summary>A node of the raw parse tree (mutable; parser-internal).</summary>
internal sealed class RawNode
{
    public RawNode(RawKind kind, JsonataToken token)
    {
        Kind = kind;
        Start = token.Start;
        End = token.End;
        Text = token.Text;
        Number = token.Number;
        Flags = token.Flags;
        Display = token.Display;
        Height = 1;
    }

    public RawKind Kind { get; set; }

    /// <summary>Offset of the defining token.</summary>
    public int Start { get; }

    /// <summary>Offset just after the defining token.</summary>
    public int End { get; }

    /// <summary>Operator text, name, variable name, decoded string or regex pattern.</summary>
    public string Text { get; }

    /// <summary>The token as JSONata shows it in error messages.</summary>
    public string Display { get; }

    public double Number { get; }

    public string? Flags { get; }

    public RawNode? Lhs { get; set; }

    public RawNode? Rhs { get; set; }

    /// <summary>The else branch of a condition, the delete part of a transform.</summary>
    public RawNode? Third { get; set; }

    /// <summary>Block expressions, array items, call arguments, lambda parameters.</summary>
    public List<RawNode>? Items { get; set; }

    /// <summary>Object constructor and group-by pairs.</summary>
    public List<KeyValuePair<RawNode, RawNode>>? Pairs { get; set; }

    /// <summary>Order-by terms (descending flag, expression).</summary>
    public List<KeyValuePair<bool, RawNode>>? Terms { get; set; }

    public JsonataSignature? Signature { get; set; }

    /// <summary>Set by an empty predicate <c>[]</c>.</summary>
    public bool KeepArray { get; set; }

    /// <summary>Height of this subtree (1 for a leaf), kept to bound every later recursive walk.</summary>
    public int Height { get; set; }
}
