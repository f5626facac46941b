using System;
using System.Collections.Generic;
using System.Globalization;

namespace AslCompiler.Language.Jsonata;

/// <summary>
/// A JSONata syntax error: JSONata's error code (<c>S0101</c> … <c>S0402</c>), its message, the offending token
/// and where it is in the expression.
/// </summary>
/// <remarks>
/// <see cref="Start"/> and <see cref="End"/> are zero-based offsets into the expression text (JSONata itself reports
/// the offset just after the offending token; that is <see cref="End"/> for token errors). An error at the end of the
/// expression has <c>Start == End == expression.Length</c>.
/// </remarks>
public sealed class JsonataSyntaxError
{
    /// <summary>Creates an error.</summary>
    public JsonataSyntaxError(string code, string message, int start, int end, string? token, string? value)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Start = start;
        End = end < start ? start : end;
        Token = token;
        Value = value;
    }

    /// <summary>JSONata's error code, e.g. <c>S0202</c>. <c>U1001</c> marks an expression nested deeper than the parser allows.</summary>
    public string Code { get; }

    /// <summary>The message in JSONata's wording, without the position.</summary>
    public string Message { get; }

    /// <summary>Offset of the first character of the offending token (or of the character where scanning stopped).</summary>
    public int Start { get; }

    /// <summary>Offset just after the offending token (equal to <see cref="Start"/> for a position without extent).</summary>
    public int End { get; }

    /// <summary>
    /// Offset of the first character of the token the error is in: the opening quote of a string (S0101) or the
    /// backquote of a name (S0105) that is not closed, which JSONata reports at the end of the expression
    /// (<see cref="Start"/>); <see cref="Start"/> for every other error. From here to <see cref="End"/> is the text to
    /// underline.
    /// </summary>
    public int TokenStart
    {
        get => _tokenStart ?? Start;
        init => _tokenStart = value;
    }

    private readonly int? _tokenStart;

    /// <summary>The offending token as JSONata names it (<c>(end)</c> at the end of the expression), when there is one.</summary>
    public string? Token { get; }

    /// <summary>The expected token or other detail JSONata puts in the message (<c>{{value}}</c>), when there is one.</summary>
    public string? Value { get; }

    /// <summary>Code, message and offset, e.g. <c>S0202: Expected ], got ) (at 4)</c>.</summary>
    public override string ToString() => Code + ": " + Message + " (at " + Start.ToString(CultureInfo.InvariantCulture) + ")";

    /// <summary>The message template of every syntax error code, in JSONata's wording.</summary>
    internal static string FormatMessage(string code, string? token, string? value, int maxDepth)
    {
        if (!Templates.TryGetValue(code, out var template))
        {
            return code;
        }

        return template
            .Replace("{{token}}", token ?? string.Empty)
            .Replace("{{value}}", value ?? string.Empty)
            .Replace("{{limit}}", maxDepth.ToString(CultureInfo.InvariantCulture));
    }

    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        ["S0101"] = "String literal must be terminated by a matching quote",
        ["S0102"] = "Number out of range: {{token}}",
        ["S0103"] = "Unsupported escape sequence: \\{{token}}",
        ["S0104"] = "The escape sequence \\u must be followed by 4 hex digits",
        ["S0105"] = "Quoted property name must be terminated with a backquote (`)",
        ["S0106"] = "Comment has no closing tag",
        ["S0201"] = "Syntax error: {{token}}",
        ["S0202"] = "Expected {{value}}, got {{token}}",
        ["S0203"] = "Expected {{value}} before end of expression",
        ["S0204"] = "Unknown operator: {{token}}",
        ["S0205"] = "Unexpected token: {{token}}",
        ["S0206"] = "Unknown expression type: {{token}}",
        ["S0207"] = "Unexpected end of expression",
        ["S0208"] = "Parameter {{value}} of function definition must be a variable name (start with $)",
        ["S0209"] = "A predicate cannot follow a grouping expression in a step",
        ["S0210"] = "Each step can only have one grouping expression",
        ["S0211"] = "The symbol {{token}} cannot be used as a unary operator",
        ["S0212"] = "The left side of := must be a variable name (start with $)",
        ["S0213"] = "The literal value {{value}} cannot be used as a step within a path expression",
        ["S0214"] = "The right side of {{token}} must be a variable name (start with $)",
        ["S0215"] = "A context variable binding must precede any predicates on a step",
        ["S0216"] = "A context variable binding must precede the 'order-by' clause on a step",
        ["S0217"] = "The object representing the 'parent' cannot be derived from this expression",
        ["S0301"] = "Empty regular expressions are not allowed",
        ["S0302"] = "No terminating / in regular expression",
        ["S0401"] = "Type parameters can only be applied to functions and arrays",
        ["S0402"] = "Choice groups containing parameterized types are not supported",
        ["U1001"] = "The expression is nested too deeply (more than {{limit}} levels)",
    };
}

/// <summary>Thrown by <see cref="JsonataParser.ParseOrThrow(string, JsonataParserOptions?)"/> for an expression with a syntax error.</summary>
public sealed class JsonataSyntaxException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public JsonataSyntaxException(JsonataSyntaxError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString()) => Error = error;

    /// <summary>Creates an exception without an error (for serializers; prefer the other constructor).</summary>
    public JsonataSyntaxException()
        : this(new JsonataSyntaxError("S0201", "Syntax error", 0, 0, null, null))
    {
    }

    /// <summary>Creates an exception with a plain message (code <c>S0201</c>).</summary>
    public JsonataSyntaxException(string message)
        : this(new JsonataSyntaxError("S0201", message ?? string.Empty, 0, 0, null, null))
    {
    }

    /// <summary>Creates an exception with a plain message and an inner exception (code <c>S0201</c>).</summary>
    public JsonataSyntaxException(string message, Exception innerException)
        : base(message, innerException) => Error = new JsonataSyntaxError("S0201", message ?? string.Empty, 0, 0, null, null);

    /// <summary>The error.</summary>
    public JsonataSyntaxError Error { get; }
}
