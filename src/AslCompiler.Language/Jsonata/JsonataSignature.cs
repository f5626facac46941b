using System;
using System.Collections.Generic;

namespace AslCompiler.Language.Jsonata;

/// <summary>
/// A lambda's type signature <c>&lt;...&gt;</c>, e.g. <c>&lt;n-n?:n&gt;</c>: parameter types with their modifiers and the
/// return type. Type symbols: <c>s</c> string, <c>n</c> number, <c>b</c> boolean, <c>l</c> null, <c>o</c> object,
/// <c>a</c> array, <c>f</c> function, <c>j</c> any JSON value, <c>x</c> anything, <c>(sn)</c> a choice.
/// </summary>
public sealed class JsonataSignature
{
    internal JsonataSignature(string definition, IReadOnlyList<JsonataSignatureParameter> parameters, string? returnType)
    {
        Definition = definition;
        Parameters = parameters;
        ReturnType = returnType;
    }

    /// <summary>The signature text as JSONata assembles it from the tokens (whitespace removed), e.g. <c>&lt;n-n:n&gt;</c>.</summary>
    public string Definition { get; }

    /// <summary>The parameters in order.</summary>
    public IReadOnlyList<JsonataSignatureParameter> Parameters { get; }

    /// <summary>The signature as written in the source (from <c>&lt;</c> to <c>&gt;</c>), which re-lexes to <see cref="Definition"/>.</summary>
    internal string SourceText { get; set; } = string.Empty;

    /// <summary>The return type text after <c>:</c> (JSONata does not check it), when written.</summary>
    public string? ReturnType { get; }

    /// <inheritdoc/>
    public override string ToString() => Definition;

    /// <summary>
    /// Parses <paramref name="definition"/> (including the angle brackets) the way JSONata does. On an error returns
    /// null and sets <paramref name="errorCode"/> (<c>S0401</c>, <c>S0402</c>) and <paramref name="errorOffset"/>
    /// (the index in <paramref name="definition"/>).
    /// </summary>
    internal static JsonataSignature? TryParse(string definition, out string? errorCode, out int errorOffset)
    {
        errorCode = null;
        errorOffset = 0;
        var parameters = new List<JsonataSignatureParameter>();
        JsonataSignatureParameter? previous = null;
        string? returnType = null;
        var position = 1;
        while (position < definition.Length)
        {
            var symbol = definition[position];
            if (symbol == ':')
            {
                var end = definition.Length - 1;
                returnType = end > position + 1 ? definition.Substring(position + 1, end - position - 1) : string.Empty;
                break;
            }

            switch (symbol)
            {
                case 's':
                case 'n':
                case 'b':
                case 'l':
                case 'o':
                case 'a':
                case 'f':
                case 'j':
                case 'x':
                    previous = new JsonataSignatureParameter(symbol, null);
                    parameters.Add(previous);
                    break;
                case '-':
                    if (previous is not null)
                    {
                        previous.UseContext = true;
                        previous.Optional = true;
                    }

                    break;
                case '?':
                    if (previous is not null)
                    {
                        previous.Optional = true;
                    }

                    break;
                case '+':
                    if (previous is not null)
                    {
                        previous.OneOrMore = true;
                    }

                    break;
                case '(':
                    var endParen = FindClosing(definition, position, '(', ')');
                    var choice = Slice(definition, position + 1, endParen);
                    if (JsonataSyntaxPrinter.ContainsChar(choice, '<'))
                    {
                        errorCode = "S0402";
                        errorOffset = position;
                        return null;
                    }

                    previous = new JsonataSignatureParameter('(', choice);
                    parameters.Add(previous);
                    position = endParen;
                    break;
                case '<':
                    if (previous is not null && (previous.Type == 'a' || previous.Type == 'f'))
                    {
                        var endAngle = FindClosing(definition, position, '<', '>');
                        previous.Subtype = Slice(definition, position + 1, endAngle);
                        position = endAngle;
                    }
                    else
                    {
                        errorCode = "S0401";
                        errorOffset = position;
                        return null;
                    }

                    break;
                default:
                    // JSONata ignores any other character.
                    break;
            }

            position++;
        }

        return new JsonataSignature(definition, parameters, returnType);
    }

    private static string Slice(string text, int start, int end)
    {
        end = Math.Min(end, text.Length);
        return end > start ? text.Substring(start, end - start) : string.Empty;
    }

    private static int FindClosing(string text, int start, char open, char close)
    {
        var depth = 1;
        var position = start;
        while (position < text.Length)
        {
            position++;
            if (position >= text.Length)
            {
                break;
            }

            var c = text[position];
            if (c == close)
            {
                depth--;
                if (depth == 0)
                {
                    break;
                }
            }
            else if (c == open)
            {
                depth++;
            }
        }

        return position;
    }
}

/// <summary>One parameter of a <see cref="JsonataSignature"/>.</summary>
public sealed class JsonataSignatureParameter
{
    internal JsonataSignatureParameter(char type, string? choice)
    {
        Type = type;
        Choice = choice;
    }

    /// <summary>The type symbol (<c>s n b l o a f j x</c>), or <c>(</c> for a choice.</summary>
    public char Type { get; }

    /// <summary>For a choice <c>(sn)</c>: the symbols inside the parentheses.</summary>
    public string? Choice { get; }

    /// <summary>The type parameter of <c>a&lt;n&gt;</c> or <c>f&lt;n:n&gt;</c> (text between the angle brackets).</summary>
    public string? Subtype { get; internal set; }

    /// <summary>Whether the argument may be missing (<c>?</c>, or <c>-</c>).</summary>
    public bool Optional { get; internal set; }

    /// <summary>Whether the parameter takes one or more arguments (<c>+</c>).</summary>
    public bool OneOrMore { get; internal set; }

    /// <summary>Whether a missing argument is taken from the context value (<c>-</c>).</summary>
    public bool UseContext { get; internal set; }
}
