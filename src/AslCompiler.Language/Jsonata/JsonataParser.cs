using System;

namespace AslCompiler.Language.Jsonata;

/// <summary>Limits for <see cref="JsonataParser"/>.</summary>
public sealed record JsonataParserOptions
{
    /// <summary>The default options.</summary>
    public static JsonataParserOptions Default { get; } = new();

    /// <summary>
    /// How deeply an expression may nest — parentheses, brackets and operator chains alike (the height of the raw
    /// syntax tree). Deeper expressions fail with code <c>U1001</c> instead of exhausting the stack. Default 200.
    /// The resulting tree is at most about twice this high, so consumers can recurse over it safely.
    /// </summary>
    public int MaxDepth { get; init; } = 200;
}

/// <summary>
/// Parses JSONata 2.0.6 expressions into syntax trees (<see cref="JsonataNode"/>) with JSONata's syntax error codes.
/// </summary>
public static class JsonataParser
{
    /// <summary>Parses <paramref name="expression"/>; never throws for bad input (the error is in the result).</summary>
    public static JsonataParseResult Parse(string expression, JsonataParserOptions? options = null)
    {
        if (expression is null)
        {
            throw new ArgumentNullException(nameof(expression));
        }

        var maxDepth = Math.Max(1, (options ?? JsonataParserOptions.Default).MaxDepth);
        try
        {
            var raw = new JsonataPrattParser(expression, maxDepth).ParseExpression();
            var root = new JsonataTreeBuilder(expression).Build(raw);
            return new JsonataParseResult(expression, root, null);
        }
        catch (JsonataParseFailure failure)
        {
            return new JsonataParseResult(expression, null, failure.ToError(maxDepth));
        }
    }

    /// <summary>Parses <paramref name="expression"/> and returns the tree, or throws <see cref="JsonataSyntaxException"/>.</summary>
    public static JsonataNode ParseOrThrow(string expression, JsonataParserOptions? options = null)
    {
        var result = Parse(expression, options);
        if (result.Error is not null)
        {
            throw new JsonataSyntaxException(result.Error);
        }

        return result.Root!;
    }
}

/// <summary>The outcome of <see cref="JsonataParser.Parse"/>: a tree or a syntax error.</summary>
public sealed class JsonataParseResult
{
    private JsonataReferences? _references;

    internal JsonataParseResult(string expression, JsonataNode? root, JsonataSyntaxError? error)
    {
        Expression = expression;
        Root = root;
        Error = error;
    }

    /// <summary>The expression text that was parsed.</summary>
    public string Expression { get; }

    /// <summary>The syntax tree, when parsing succeeded.</summary>
    public JsonataNode? Root { get; }

    /// <summary>The first syntax error, when parsing failed.</summary>
    public JsonataSyntaxError? Error { get; }

    /// <summary>Whether parsing succeeded.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Root))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Root is not null;

    /// <summary>The variables the expression reads and the functions it calls (empty when parsing failed).</summary>
    public JsonataReferences References => _references ??= Root is null ? JsonataReferences.Empty : JsonataReferences.Collect(Root);
}
