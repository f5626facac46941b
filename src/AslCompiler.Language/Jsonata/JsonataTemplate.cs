using System;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Jsonata;

/// <summary>
/// Step Functions' JSONata templates: a JSON string value that starts with <c>{%</c> and ends with <c>%}</c> holds
/// a JSONata expression (the text between them). Anything else is a literal string.
/// </summary>
public static class JsonataTemplate
{
    /// <summary>Where the expression starts inside the string value (after <c>{%</c>).</summary>
    public const int ExpressionOffset = 2;

    /// <summary>Whether <paramref name="value"/> is a JSONata template (<c>{%</c> … <c>%}</c>, nothing outside).</summary>
    public static bool IsTemplate(string? value) =>
        value is not null
        && value.Length >= 4
        && value.StartsWith("{%", StringComparison.Ordinal)
        && value.EndsWith("%}", StringComparison.Ordinal);

    /// <summary>The expression inside a template, or null when <paramref name="value"/> is not a template.</summary>
    public static string? GetExpression(string? value) =>
        IsTemplate(value) ? value!.Substring(ExpressionOffset, value.Length - 4) : null;

    /// <summary>Parses the expression in <paramref name="value"/>; null when it is not a template.</summary>
    public static JsonataTemplateExpression? Parse(string value, JsonataParserOptions? options = null)
    {
        var expression = GetExpression(value);
        return expression is null ? null : new JsonataTemplateExpression(expression, null, JsonataParser.Parse(expression, options));
    }

    /// <summary>
    /// Parses the expression in a JSON string node; null when it is not a template. Offsets in the result map back
    /// into the JSON source through <see cref="JsonataTemplateExpression.GetSourceOffset"/> (escapes included).
    /// </summary>
    public static JsonataTemplateExpression? Parse(JsonStringSyntax node, JsonataParserOptions? options = null)
    {
        if (node is null)
        {
            throw new ArgumentNullException(nameof(node));
        }

        var expression = GetExpression(node.Value);
        return expression is null ? null : new JsonataTemplateExpression(expression, node, JsonataParser.Parse(expression, options));
    }
}

/// <summary>A parsed <c>{% ... %}</c> template: the expression, its parse result and the map back to the JSON source.</summary>
public sealed class JsonataTemplateExpression
{
    internal JsonataTemplateExpression(string expression, JsonStringSyntax? node, JsonataParseResult result)
    {
        Expression = expression;
        StringNode = node;
        Result = result;
    }

    /// <summary>The expression text between <c>{%</c> and <c>%}</c>.</summary>
    public string Expression { get; }

    /// <summary>The JSON string it came from, when parsed from a node.</summary>
    public JsonStringSyntax? StringNode { get; }

    /// <summary>The parse result.</summary>
    public JsonataParseResult Result { get; }

    /// <summary>
    /// Maps an offset in <see cref="Expression"/> to an offset in the JSON source text (when parsed from a node) or
    /// in the string value (otherwise).
    /// </summary>
    public int GetSourceOffset(int expressionOffset)
    {
        var clamped = Math.Max(0, Math.Min(expressionOffset, Expression.Length));
        var valueIndex = JsonataTemplate.ExpressionOffset + clamped;
        return StringNode is null ? valueIndex : StringNode.GetSourceOffset(valueIndex);
    }

    /// <summary>
    /// The source offsets (start, end) of the syntax error, when there is one: from the start of the token it is in
    /// (<see cref="JsonataSyntaxError.TokenStart"/>: an unclosed string from its opening quote) to its end.
    /// </summary>
    public (int Start, int End)? GetErrorSourceRange()
    {
        var error = Result.Error;
        if (error is null)
        {
            return null;
        }

        return (GetSourceOffset(Math.Min(error.TokenStart, error.Start)), GetSourceOffset(error.End));
    }
}
