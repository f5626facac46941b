using System;
using System.Collections.Generic;
using System.Text;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Model;

/// <summary>
/// The values of a definition's placeholders, as CloudFormation's <c>DefinitionSubstitutions</c> gives them
/// (<c>AWS::StepFunctions::StateMachine</c>, AWS SAM's <c>AWS::Serverless::StateMachine</c>, the CDK's
/// <c>definitionSubstitutions</c>): a definition file of such a project writes <c>"Resource": "${ChargeFunctionArn}"</c>,
/// and the deployment puts the function's ARN in its place. <see cref="Apply"/> does the same for a definition read here,
/// as CloudFormation does it: each <c>${Name}</c> in the text, inside a JSON string or not, becomes the value as written
/// (not escaped: a value holding a quote breaks the JSON there, as it does on deployment), and a value's own placeholders
/// are replaced too.
/// </summary>
public sealed class DefinitionSubstitutions
{
    /// <summary>The characters a name cannot hold: the placeholder's end, and a quote.</summary>
    private static readonly char[] NameBreakers = { '}', '"' };

    /// <summary>What separates a list's entries.</summary>
    private static readonly char[] EntrySeparators = { ';', ',', '\r', '\n' };

    private readonly Dictionary<string, string> _values;

    /// <summary>The values with their own placeholders replaced (as CloudFormation replaces repeatedly).</summary>
    private readonly Dictionary<string, string> _expanded;

    /// <summary>Takes the placeholders' names and values.</summary>
    /// <param name="values">Name to value: <c>${Name}</c> in the definition becomes the value.</param>
    /// <exception cref="ArgumentException">A name is empty, holds <c>}</c> or is given twice, or values name each other in a circle.</exception>
    public DefinitionSubstitutions(IEnumerable<KeyValuePair<string, string>> values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        _expanded = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Take(values) is { } problem)
        {
            throw new ArgumentException(problem, nameof(values));
        }
    }

    private DefinitionSubstitutions()
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        _expanded = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>Takes the placeholders' names and values, or says why they cannot be taken.</summary>
    /// <param name="values">Name to value.</param>
    /// <param name="substitutions">The substitutions, when they can be taken.</param>
    /// <param name="error">Why not: a name that is empty, holds <c>}</c> or is given twice, or values that name each other in a circle.</param>
    /// <returns>Whether they can be taken.</returns>
    public static bool TryCreate(IEnumerable<KeyValuePair<string, string>> values, out DefinitionSubstitutions? substitutions, out string? error)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        substitutions = new DefinitionSubstitutions();
        error = substitutions.Take(values);
        if (error is not null)
        {
            substitutions = null;
        }

        return error is null;
    }

    /// <summary>Takes <paramref name="values"/> into this instance; the problem when one cannot be taken.</summary>
    private string? Take(IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var pair in values)
        {
            if (CheckName(pair.Key) is { } problem)
            {
                return problem;
            }

            if (_values.ContainsKey(pair.Key))
            {
                return "The substitution '" + pair.Key + "' is given twice.";
            }

            if (pair.Value is null)
            {
                return "The substitution '" + pair.Key + "' has no value.";
            }

            _values.Add(pair.Key, pair.Value);
        }

        foreach (var name in _values.Keys)
        {
            if (Expand(name, new List<string>()) is { } circle)
            {
                return circle;
            }
        }

        return null;
    }

    /// <summary>Puts the value of <paramref name="name"/> with its placeholders replaced in <see cref="_expanded"/>; the problem when values name each other in a circle.</summary>
    private string? Expand(string name, List<string> path)
    {
        if (_expanded.ContainsKey(name))
        {
            return null;
        }

        if (path.Contains(name))
        {
            path.Add(name);
            return "The substitutions name each other in a circle (" + string.Join(" → ", path) + "), which CloudFormation refuses.";
        }

        path.Add(name);
        var value = _values[name];
        var builder = new StringBuilder(value.Length);
        var copied = 0;
        foreach (var (start, end, inner) in Placeholders(value))
        {
            if (start < copied || !_values.ContainsKey(inner))
            {
                continue;
            }

            if (Expand(inner, path) is { } circle)
            {
                return circle;
            }

            builder.Append(value, copied, start - copied).Append(_expanded[inner]);
            copied = end;
        }

        path.RemoveAt(path.Count - 1);
        _expanded[name] = builder.Append(value, copied, value.Length - copied).ToString();
        return null;
    }

    /// <summary>The placeholders' names and values.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>
    /// Reads a list written <c>Name=value;Other=value</c> (as the generator's <c>AslDefinitionSubstitutions</c> item
    /// metadata is): entries are separated by <c>;</c>, <c>,</c> or line breaks (so no value holds one), each is split at
    /// its first <c>=</c>, names and values are trimmed, and empty entries (a trailing <c>;</c>) are skipped.
    /// </summary>
    /// <param name="list">The list.</param>
    /// <param name="substitutions">The substitutions, when the list reads.</param>
    /// <param name="error">Why it does not: the entry and its problem.</param>
    /// <returns>Whether the list reads.</returns>
    public static bool TryParse(string list, out DefinitionSubstitutions? substitutions, out string? error)
    {
        if (list is null)
        {
            throw new ArgumentNullException(nameof(list));
        }

        substitutions = null;
        var values = new List<KeyValuePair<string, string>>();
        foreach (var entry in list.Split(EntrySeparators))
        {
            if (entry.Trim().Length == 0)
            {
                continue;
            }

            var equals = entry.IndexOf('=');
            if (equals < 0)
            {
                error = "The entry '" + entry.Trim() + "' is not Name=value.";
                return false;
            }

            var name = entry.Substring(0, equals).Trim();
            if (CheckName(name) is { } problem)
            {
                error = "The entry '" + entry.Trim() + "': " + problem;
                return false;
            }

            values.Add(new KeyValuePair<string, string>(name, entry.Substring(equals + 1).Trim()));
        }

        return TryCreate(values, out substitutions, out error);
    }

    /// <summary>
    /// The definition with each <c>${Name}</c> replaced by its value, as CloudFormation replaces it: anywhere in the text,
    /// by the value as written, a value's own placeholders replaced too. A placeholder without a value stays as written.
    /// </summary>
    /// <param name="definition">The definition text (well-formed or not).</param>
    /// <returns>The text, with a map from its positions back to <paramref name="definition"/>'s.</returns>
    public SubstitutedDefinition Apply(string definition)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        StringBuilder? builder = null;
        var replacements = new List<SubstitutedDefinition.Replacement>();
        var copied = 0;
        foreach (var (start, end, name) in Placeholders(definition))
        {
            if (start < copied || !_expanded.TryGetValue(name, out var value))
            {
                continue;
            }

            builder ??= new StringBuilder(definition.Length + 64);
            builder.Append(definition, copied, start - copied);
            var at = builder.Length;
            builder.Append(value);
            replacements.Add(new SubstitutedDefinition.Replacement(start, end, at, builder.Length));
            copied = end;
        }

        if (builder is null)
        {
            return new SubstitutedDefinition(definition, definition, replacements);
        }

        builder.Append(definition, copied, definition.Length - copied);
        return new SubstitutedDefinition(builder.ToString(), definition, replacements);
    }

    /// <summary>
    /// Each <c>${</c> of <paramref name="text"/> with the first <c>}</c> after it: where the placeholder starts, where it
    /// ends (after the brace) and the name between, in text order; one that starts inside another comes too (a caller that
    /// replaces skips it), and the last <c>${</c> without a brace after it ends the list.
    /// </summary>
    internal static IEnumerable<(int Start, int End, string Name)> Placeholders(string text)
    {
        for (var i = text.IndexOf("${", StringComparison.Ordinal); i >= 0; i = text.IndexOf("${", i + 2, StringComparison.Ordinal))
        {
            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                yield break;
            }

            yield return (i, close + 1, text.Substring(i + 2, close - i - 2));
        }
    }

    private static string? CheckName(string name)
    {
        if (name is null || name.Length == 0)
        {
            return "A substitution has no name.";
        }

        return name.IndexOfAny(NameBreakers) >= 0
            ? "The substitution name '" + name + "' holds '}' or '\"', so no placeholder can name it."
            : null;
    }
}

/// <summary>A definition with its placeholders replaced (<see cref="DefinitionSubstitutions.Apply"/>), and the way back to the text as written.</summary>
public sealed class SubstitutedDefinition
{
    private readonly IReadOnlyList<Replacement> _replacements;
    private SourceText? _originalSource;

    internal SubstitutedDefinition(string text, string original, IReadOnlyList<Replacement> replacements)
    {
        Text = text;
        Original = original;
        _replacements = replacements;
    }

    /// <summary>The definition with its placeholders replaced.</summary>
    public string Text { get; }

    /// <summary>The definition as written.</summary>
    public string Original { get; }

    /// <summary>How many placeholders were replaced.</summary>
    public int Count => _replacements.Count;

    /// <summary>
    /// A span of <see cref="Text"/> (a diagnostic's) placed in <see cref="Original"/>, with the lines and columns of the
    /// text as written (<see cref="ToOriginal(int, bool)"/> for its ends).
    /// </summary>
    /// <param name="span">A span of <see cref="Text"/>.</param>
    /// <returns>The span in <see cref="Original"/>.</returns>
    public SourceSpan ToOriginal(SourceSpan span)
    {
        if (_replacements.Count == 0)
        {
            return span;
        }

        _originalSource ??= new SourceText(Original);
        var start = Math.Min(ToOriginal(span.Start), Original.Length);
        return _originalSource.GetSpan(start, Math.Max(start, Math.Min(ToOriginal(span.End, isEnd: true), Original.Length)));
    }

    /// <summary>
    /// The position in <see cref="Original"/> of position <paramref name="position"/> of <see cref="Text"/>: a position
    /// inside a replaced value maps to its placeholder's start, or its end when <paramref name="isEnd"/> (so a span
    /// inside a value underlines the placeholder).
    /// </summary>
    /// <param name="position">A position in <see cref="Text"/>.</param>
    /// <param name="isEnd">Whether it ends a span.</param>
    /// <returns>The position in <see cref="Original"/>.</returns>
    public int ToOriginal(int position, bool isEnd = false)
    {
        var shift = 0;
        foreach (var replacement in _replacements)
        {
            if (position <= replacement.Start)
            {
                break;
            }

            if (position < replacement.End)
            {
                return isEnd ? replacement.OriginalEnd : replacement.OriginalStart;
            }

            shift = replacement.OriginalEnd - replacement.End;
        }

        return position + shift;
    }

    /// <summary>One replaced placeholder: where it was, and where its value is.</summary>
    internal readonly struct Replacement
    {
        public Replacement(int originalStart, int originalEnd, int start, int end)
        {
            OriginalStart = originalStart;
            OriginalEnd = originalEnd;
            Start = start;
            End = end;
        }

        public int OriginalStart { get; }

        public int OriginalEnd { get; }

        public int Start { get; }

        public int End { get; }
    }
}
