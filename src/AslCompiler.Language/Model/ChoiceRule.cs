using System.Collections.Generic;
using AslCompiler.Language.Json;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Model;

/// <summary>
/// A Choice rule: a top-level element of <c>Choices</c> (with <c>Next</c>) or a rule nested in
/// <c>And</c>/<c>Or</c>/<c>Not</c>. JSONPath rules hold a <c>Variable</c> and a comparison operator or a
/// boolean combination; JSONata rules hold a <c>Condition</c>.
/// </summary>
public sealed class ChoiceRule : AslNode
{
    internal static readonly FieldSet Fields = BuildFields();

    internal ChoiceRule(JsonObjectSyntax syntax, bool isNested, ModelBuildContext context)
        : base(syntax, Fields)
    {
        IsNested = isNested;
        Variable = FieldReader.String(syntax, "Variable");
        Condition = FieldReader.LiteralOrExpression(syntax, "Condition");
        Next = FieldReader.String(syntax, "Next");
        Output = FieldReader.Raw(syntax, "Output");
        Assign = FieldReader.Raw(syntax, "Assign");
        Comment = FieldReader.String(syntax, "Comment");

        var comparisons = new List<ChoiceComparison>();
        foreach (var property in syntax.Properties)
        {
            if (ComparisonOperators.TryParse(property.Name, out var op))
            {
                comparisons.Add(new ChoiceComparison(op, property));
            }
        }

        Comparisons = comparisons.ToArray();

        // Nested rules recurse once per JSON level; ModelBuildContext bounds the depth.
        var children = new List<AslNode>();
        if (context.TryEnter(syntax))
        {
            try
            {
                And = ReadRuleArray(syntax, "And", context, children);
                Or = ReadRuleArray(syntax, "Or", context, children);
                if (FieldReader.Object(syntax, "Not") is { } notSyntax)
                {
                    Not = new ChoiceRule(notSyntax, isNested: true, context);
                    children.Add(Not);
                }
            }
            finally
            {
                context.Exit();
            }
        }

        var shapes = 0;
        var kind = ChoiceRuleKind.Invalid;
        if (Comparisons.Count > 0)
        {
            shapes++;
            kind = ChoiceRuleKind.Comparison;
        }

        CountShape(syntax, "And", ChoiceRuleKind.And, ref shapes, ref kind);
        CountShape(syntax, "Or", ChoiceRuleKind.Or, ref shapes, ref kind);
        CountShape(syntax, "Not", ChoiceRuleKind.Not, ref shapes, ref kind);
        CountShape(syntax, "Condition", ChoiceRuleKind.Condition, ref shapes, ref kind);
        Kind = shapes == 1 && (kind != ChoiceRuleKind.Comparison || Comparisons.Count == 1) ? kind : ChoiceRuleKind.Invalid;
        SetChildren(children);
    }

    /// <summary>Whether the rule sits inside <c>And</c>, <c>Or</c> or <c>Not</c> (nested rules have no <c>Next</c>).</summary>
    public bool IsNested { get; }

    /// <summary>
    /// What the rule is, judged from which fields are present: exactly one comparison operator, or exactly
    /// one of And/Or/Not/Condition; anything else is <see cref="ChoiceRuleKind.Invalid"/>.
    /// </summary>
    public ChoiceRuleKind Kind { get; }

    /// <summary><c>Variable</c> (JSONPath): the reference path compared.</summary>
    public string? Variable { get; }

    /// <summary>Every comparison-operator member present, in source order (a valid rule has at most one).</summary>
    public IReadOnlyList<ChoiceComparison> Comparisons { get; }

    /// <summary>The comparison, when exactly one operator is present.</summary>
    public ChoiceComparison? Comparison => Comparisons.Count == 1 ? Comparisons[0] : null;

    /// <summary><c>And</c> (object elements only), or <see langword="null"/> when absent or not an array.</summary>
    public IReadOnlyList<ChoiceRule>? And { get; }

    /// <summary><c>Or</c> (object elements only), or <see langword="null"/> when absent or not an array.</summary>
    public IReadOnlyList<ChoiceRule>? Or { get; }

    /// <summary><c>Not</c>, when it is an object.</summary>
    public ChoiceRule? Not { get; }

    /// <summary><c>Condition</c> (JSONata): a <c>{% %}</c> expression, or a literal boolean.</summary>
    public LiteralOrExpression? Condition { get; }

    /// <summary><c>Next</c>: the state to go to when the rule matches (top-level rules only).</summary>
    public string? Next { get; }

    /// <summary><c>Output</c> (JSONata) of the Choice state when this rule matches.</summary>
    public JsonSyntaxNode? Output { get; }

    /// <summary><c>Assign</c>: variables set when this rule matches.</summary>
    public JsonSyntaxNode? Assign { get; }

    /// <summary><c>Comment</c>.</summary>
    public string? Comment { get; }

    private static void CountShape(JsonObjectSyntax syntax, string name, ChoiceRuleKind shape, ref int shapes, ref ChoiceRuleKind kind)
    {
        if (syntax.ContainsKey(name))
        {
            shapes++;
            kind = shape;
        }
    }

    private static ChoiceRule[]? ReadRuleArray(JsonObjectSyntax syntax, string name, ModelBuildContext context, List<AslNode> children)
    {
        if (syntax[name] is not JsonArraySyntax)
        {
            return null;
        }

        var rules = new List<ChoiceRule>();
        foreach (var item in FieldReader.ObjectItems(syntax, name))
        {
            rules.Add(new ChoiceRule(item, isNested: true, context));
        }

        children.AddRange(rules);
        return rules.ToArray();
    }

    private static FieldSet BuildFields()
    {
        var names = new List<string> { "Variable" };
        names.AddRange(ComparisonOperators.AllNames);
        foreach (var name in new List<string> { "And", "Or", "Not", "Condition", "Next", "Output", "Assign", "Comment" })
        {
            names.Add(name);
        }
        return new FieldSet(names.ToArray());
    }
}

/// <summary>One comparison-operator member of a Choice rule, e.g. <c>"NumericGreaterThan": 5</c>.</summary>
public sealed class ChoiceComparison
{
    internal ChoiceComparison(ComparisonOperator @operator, JsonPropertySyntax property)
    {
        Operator = @operator;
        Property = property;
    }

    /// <summary>The operator.</summary>
    public ComparisonOperator Operator { get; }

    /// <summary>The member it was read from.</summary>
    public JsonPropertySyntax Property { get; }

    /// <summary>The operand node.</summary>
    public JsonSyntaxNode Value => Property.Value;

    /// <summary>The operand's span.</summary>
    public SourceSpan Span => Property.Value.Span;

    /// <summary>What the operator expects as operand.</summary>
    public ComparisonOperandKind OperandKind => ComparisonOperators.GetOperandKind(Operator);

    /// <summary>The operand when it is a string (string, timestamp, pattern or path operands).</summary>
    public string? StringValue => (Value as JsonStringSyntax)?.Value;

    /// <summary>The operand when it is a number.</summary>
    public JsonNumberSyntax? NumberValue => Value as JsonNumberSyntax;

    /// <summary>The operand when it is a boolean.</summary>
    public bool? BooleanValue => (Value as JsonBooleanSyntax)?.Value;

    /// <inheritdoc/>
    public override string ToString() => Property.ToString();
}
