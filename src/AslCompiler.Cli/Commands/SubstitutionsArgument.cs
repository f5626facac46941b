using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using AslCompiler.Language.Model;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>--substitutions LIST|@file</c> (repeatable): the values of a definition's <c>${Name}</c> placeholders, as
/// CloudFormation's DefinitionSubstitutions (SAM, CDK) fill them at deployment and as the generator's
/// <c>AslDefinitionSubstitutions</c> item metadata gives them (<see cref="DefinitionSubstitutions"/>). A list is
/// <c>Name=value</c> entries separated by <c>;</c>, <c>,</c> or line breaks; <c>@file</c> reads one from a file, or a JSON
/// object of name to value (a string, number or boolean, as a template's DefinitionSubstitutions map has them). A later
/// option's value for a name replaces an earlier one's (<c>--substitutions @dev.json --substitutions Stage=test</c>).
/// </summary>
internal static class SubstitutionsArgument
{
    public const string Name = "--substitutions";

    public const string Description = "Values for the definition's ${Name} placeholders (CloudFormation's DefinitionSubstitutions, as SAM and the CDK fill them): Name=value entries separated by ';' or ',', or @file (such a list, or a JSON object of name to value); may be repeated, a later value for a name replacing an earlier one.";

    /// <summary>
    /// Reads the option's occurrences (null substitutions when absent); false, with the problem (the entry or the file
    /// and what is wrong), when one does not read.
    /// </summary>
    public static bool TryRead(string[]? lists, out DefinitionSubstitutions? substitutions, out string? problem)
    {
        substitutions = null;
        problem = null;
        if (lists is not { Length: > 0 })
        {
            return true;
        }

        var values = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var list in lists)
        {
            var text = list;
            if (list.StartsWith('@'))
            {
                var path = list[1..];
                var error = new StringWriter();
                if (InputFile.TryReadText(path, error) is not { } content)
                {
                    problem = error.ToString().Trim().Replace("asl: ", string.Empty, System.StringComparison.Ordinal);
                    return false;
                }

                if (content.TrimStart().StartsWith('{'))
                {
                    if (!TryReadObject(content, path, values, out problem))
                    {
                        return false;
                    }

                    continue;
                }

                text = content;
            }

            if (!DefinitionSubstitutions.TryParse(text, out var parsed, out problem))
            {
                return false;
            }

            foreach (var (name, value) in parsed!.Values)
            {
                values[name] = value;
            }
        }

        // Values that name each other in a circle (after a later option replaced one) are refused here.
        return DefinitionSubstitutions.TryCreate(values, out substitutions, out problem);
    }

    /// <summary>Reads the option for a command that says what is wrong as <c>asl: --substitutions: ...</c> (null substitutions when absent).</summary>
    public static bool TryRead(string[]? lists, TextWriter error, out DefinitionSubstitutions? substitutions)
    {
        if (TryRead(lists, out substitutions, out var problem))
        {
            return true;
        }

        error.WriteLine("asl: " + Name + ": " + problem);
        return false;
    }

    private static bool TryReadObject(string content, string path, Dictionary<string, string> values, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(content);
            foreach (var member in document.RootElement.EnumerateObject())
            {
                switch (member.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        values[member.Name] = member.Value.GetString()!;
                        break;
                    case JsonValueKind.Number:
                        values[member.Name] = member.Value.GetRawText();
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        values[member.Name] = member.Value.GetRawText();
                        break;
                    default:
                        problem = "'" + path + "': the value of '" + member.Name + "' is " + member.Value.ValueKind.ToString().ToLowerInvariant() + "; a substitution is a string, a number or a boolean.";
                        return false;
                }
            }

            return true;
        }
        catch (JsonException e)
        {
            problem = "'" + path + "' is not a JSON object of name to value: " + e.Message;
            return false;
        }
    }
}
