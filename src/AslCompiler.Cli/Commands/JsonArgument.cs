using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using AslCompiler.Language.Json;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// Reads a JSON option value given inline (<c>{"a":1}</c>), from a file (<c>@input.json</c>) or from standard input
/// (<c>-</c> or <c>@-</c>; a lone <c>-</c> is not JSON, so it cannot mean anything else).
/// </summary>
internal static partial class JsonArgument
{
    /// <summary>Parses <paramref name="text"/>; on failure writes a message naming the option to <paramref name="error"/>.</summary>
    public static bool TryRead(string option, string text, TextWriter error, out JsonValue value)
    {
        value = default;
        var json = text;
        if (text == "@")
        {
            error.WriteLine($"asl: {option}: '@' must be followed by a file name ({option} @input.json).");
            return false;
        }

        if (text.StartsWith('@') || text == "-")
        {
            if (InputFile.TryReadText(text == "-" ? text : text[1..], error) is not { } fileText)
            {
                return false;
            }

            json = fileText;
        }

        return TryParse(option, json, error, out value);
    }

    /// <summary>
    /// Reads the option's JSON text (inline, <c>@file</c> or <c>-</c>) without parsing it, and without holding more of
    /// it than <paramref name="maxLength"/> characters (see <see cref="BoundedText"/>); null, after a message, when a
    /// file cannot be read.
    /// </summary>
    public static BoundedText? TryReadText(string option, string text, int maxLength, TextWriter error)
    {
        if (text == "@")
        {
            error.WriteLine($"asl: {option}: '@' must be followed by a file name ({option} @input.json).");
            return null;
        }

        return text.StartsWith('@') || text == "-"
            ? InputFile.TryReadText(text == "-" ? text : text[1..], error, maxLength)
            : BoundedText.Of(text, maxLength);
    }

    /// <summary>Parses an option's JSON text; on failure writes a message naming the option to <paramref name="error"/>.</summary>
    public static bool TryParse(string option, string json, TextWriter error, out JsonValue value)
    {
        if (!TryParse(json, out value, out var message))
        {
            error.WriteLine($"asl: {option} is not valid JSON: {message}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Parses <paramref name="json"/> as the runtime does; the message of JSON it refuses says what and where, as AWS
    /// words JSON it cannot read (Jackson's message) when it can, with the line and column.
    /// </summary>
    public static bool TryParse(string json, out JsonValue value, out string message)
    {
        message = string.Empty;
        try
        {
            value = JsonValue.Parse(json);
            return true;
        }
        catch (JsonValueParseException e)
        {
            value = default;
            if (string.IsNullOrWhiteSpace(json))
            {
                message = "the value is empty";
            }
            else if (JacksonSyntax.FindError(json) is { } jackson)
            {
                message = jackson.Message + Position(jackson.Line, jackson.Column);
            }
            else
            {
                // Only what Jackson reads and the runtime does not (nothing known: the runtime reads a lone surrogate escape
                // as Jackson does): the runtime's words, with the position as the others give it rather than System.Text.Json's
                // zero-based "LineNumber | BytePositionInLine".
                message = ReaderPosition().Replace(e.Message, string.Empty).TrimEnd() + Position(e.LineNumber + 1, Column(json, e.LineNumber, e.BytePositionInLine));
            }

            return false;
        }
    }

    private static string Position(long line, long column) =>
        " (line " + line.ToString(CultureInfo.InvariantCulture) + ", column " + column.ToString(CultureInfo.InvariantCulture) + ")";

    // The 1-based character column of a zero-based UTF-8 byte position in a zero-based line.
    private static long Column(string json, long line, long bytePosition)
    {
        var lines = json.Split('\n');
        if (line < 0 || line >= lines.Length)
        {
            return bytePosition + 1;
        }

        var bytes = Encoding.UTF8.GetBytes(lines[line]);
        return Encoding.UTF8.GetCharCount(bytes, 0, (int)Math.Clamp(bytePosition, 0, bytes.Length)) + 1;
    }

    [GeneratedRegex(@"\s*(Path: \S* \| )?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex ReaderPosition();
}
