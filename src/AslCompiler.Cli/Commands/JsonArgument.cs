using System.Globalization;
using System.IO;
using AslCompiler.Language.Json;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Cli.Commands;

/// <summary>Reads a JSON option value given inline (<c>{"a":1}</c>) or from a file (<c>@input.json</c>).</summary>
internal static class JsonArgument
{
    /// <summary>Parses <paramref name="text"/>; on failure writes a message naming the option to <paramref name="error"/>.</summary>
    public static bool TryRead(string option, string text, TextWriter error, out JsonValue value)
    {
        value = default;
        var json = text;
        if (text.StartsWith('@'))
        {
            if (InputFile.TryReadText(text[1..], error) is not { } fileText)
            {
                return false;
            }

            json = fileText;
        }

        if (!JsonValue.TryParse(json, out value, out var message))
        {
            // Worded as AWS words JSON it cannot read (Jackson's message), with the position.
            if (string.IsNullOrWhiteSpace(json))
            {
                message = "the value is empty";
            }
            else if (JacksonSyntax.FindError(json) is { } jackson)
            {
                message = jackson.Message + " (line " + jackson.Line.ToString(CultureInfo.InvariantCulture) + ", column " + jackson.Column.ToString(CultureInfo.InvariantCulture) + ")";
            }

            error.WriteLine($"asl: {option} is not valid JSON: {message}");
            return false;
        }

        return true;
    }
}
