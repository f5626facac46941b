using AslCompiler.Language.Json;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Model;

/// <summary>
/// A path field that may be JSON <c>null</c> (InputPath, OutputPath, ResultPath): present as a string,
/// or present as <c>null</c> — which means "discard" for ResultPath and "{}" for InputPath/OutputPath.
/// Absence is modelled by the field's property being <see langword="null"/>.
/// </summary>
public sealed class NullablePath
{
    internal NullablePath(JsonPropertySyntax property)
    {
        Property = property;
        Path = (property.Value as JsonStringSyntax)?.Value;
    }

    /// <summary>The member the value was read from.</summary>
    public JsonPropertySyntax Property { get; }

    /// <summary>The value node (a string or <c>null</c>).</summary>
    public JsonSyntaxNode Syntax => Property.Value;

    /// <summary>The value's span.</summary>
    public SourceSpan Span => Property.Value.Span;

    /// <summary>Whether the field is JSON <c>null</c>.</summary>
    public bool IsNull => Path is null;

    /// <summary>The path text, or <see langword="null"/> when the field is JSON <c>null</c>.</summary>
    public string? Path { get; }

    /// <inheritdoc/>
    public override string ToString() => Path ?? "null";
}

/// <summary>
/// A field that holds either a literal JSON value or, in JSONata states, a <c>{% expression %}</c>
/// string: TimeoutSeconds, HeartbeatSeconds, Seconds, Timestamp, MaxConcurrency, ToleratedFailure*,
/// MaxItems, MaxItemsPerBatch, MaxInputBytesPerBatch, Error, Cause, Condition and the like.
/// Whether an expression is allowed here is the validator's call; the model only tells them apart.
/// </summary>
public sealed class LiteralOrExpression
{
    internal LiteralOrExpression(JsonPropertySyntax property)
    {
        Property = property;
        if (property.Value is JsonStringSyntax text && AslKeywords.IsJsonataExpression(text.Value))
        {
            ExpressionSyntax = text;
            Expression = text.Value.Substring(2, text.Value.Length - 4);
        }
    }

    /// <summary>The member the value was read from.</summary>
    public JsonPropertySyntax Property { get; }

    /// <summary>The value node.</summary>
    public JsonSyntaxNode Syntax => Property.Value;

    /// <summary>The value's span.</summary>
    public SourceSpan Span => Property.Value.Span;

    /// <summary>Whether the value is a string of the form <c>{% ... %}</c>.</summary>
    public bool IsExpression => ExpressionSyntax is not null;

    /// <summary>The expression text between <c>{%</c> and <c>%}</c> (untrimmed), when <see cref="IsExpression"/>.</summary>
    public string? Expression { get; }

    /// <summary>
    /// The string node holding the expression, when <see cref="IsExpression"/>. The expression text
    /// starts at index <see cref="ExpressionStartIndex"/> of its value; map positions with
    /// <see cref="JsonStringSyntax.GetSourceOffset(int)"/>.
    /// </summary>
    public JsonStringSyntax? ExpressionSyntax { get; }

    /// <summary>Where the expression text begins inside the string value: just after <c>{%</c>.</summary>
    public const int ExpressionStartIndex = 2;

    /// <summary>The literal number, when the value is a number.</summary>
    public JsonNumberSyntax? Number => Syntax as JsonNumberSyntax;

    /// <summary>The literal as a 64-bit integer, when it is a number with an integer spelling that fits.</summary>
    public long? Integer => Number is { } number && number.TryGetInt64(out var value) ? value : null;

    /// <summary>The literal string, when the value is a string that is not an expression.</summary>
    public string? String => IsExpression ? null : (Syntax as JsonStringSyntax)?.Value;

    /// <summary>The literal boolean, when the value is <c>true</c> or <c>false</c>.</summary>
    public bool? Boolean => (Syntax as JsonBooleanSyntax)?.Value;

    /// <inheritdoc/>
    public override string ToString() => Syntax.ToJsonString();
}
