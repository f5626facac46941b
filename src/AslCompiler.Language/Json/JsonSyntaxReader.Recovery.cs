using System;
using System.Text;

namespace AslCompiler.Language.Json;

public static partial class JsonSyntaxReader
{
    /// <summary>The most repairs <see cref="Recover"/> makes before it gives up.</summary>
    internal const int MaxRepairs = 64;

    /// <summary>The characters a run of stray text ends before: JSON's structural characters and the quote.</summary>
    private static readonly char[] RunEnds = { ',', ':', '{', '}', '[', ']', '"' };

    private static readonly char[] LineEnds = { '\r', '\n' };

    /// <summary>The characters after which a missing value is supplied where it is (rather than stray text dropped).</summary>
    private static readonly char[] ValueEnds = { ',', '}', ']' };

    /// <summary>
    /// Reads text that may not be well-formed JSON, such as a file being typed in an editor, into the value it most
    /// likely means. Where the strict reader (<see cref="Parse(string, JsonReaderOptions?)"/>) stops, the text is
    /// repaired and read again: a missing comma, colon, value, closing quote or closing bracket is supplied, a trailing
    /// comma, comment or stray text is dropped, a broken number or literal becomes <c>0</c> or <c>null</c>. Use it for
    /// the names and structure a malformed text still shows; report the strict reader's diagnostics, not these repairs.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>
    /// The value, whose spans lie in the repaired text rather than in <paramref name="text"/>; <see langword="null"/>
    /// when nothing can be recovered (an empty text, nesting past the reader's depth limit, or more than 64 repairs).
    /// </returns>
    public static JsonSyntaxNode? Recover(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        for (var repair = 0; repair <= MaxRepairs; repair++)
        {
            var parser = new Parser(text, JsonReaderOptions.Default);
            var result = parser.Run();
            if (result.Root is not null)
            {
                return result.Root;
            }

            var repaired = Repair(text, result.FatalError!, parser.Expected);
            if (repaired is null)
            {
                return null;
            }

            text = repaired;
        }

        return null;
    }

    /// <summary>The text with the error repaired; null when it cannot be.</summary>
    private static string? Repair(string text, JsonDiagnostic error, Expectation expected)
    {
        var start = Math.Min(error.Span.Start, text.Length);
        var end = Math.Max(Math.Min(error.Span.End, text.Length), start);
        var atEnd = start >= text.Length;
        switch (error.Kind)
        {
            case JsonErrorKind.TrailingComma:
                return text.Remove(start, 1);
            case JsonErrorKind.TrailingContent:
                return text.Substring(0, start);
            case JsonErrorKind.Comment:
                return WithoutComment(text, start);
            case JsonErrorKind.InvalidLiteral:
                return Replace(text, start, end, "null");
            case JsonErrorKind.InvalidNumber:
                return Replace(text, start, RunEnd(text, start, ValueEnds), "0");
            case JsonErrorKind.InvalidEscape:
                // Drop the backslash: the escaped character stays as text.
                return text[start] == '\\' ? text.Remove(start, 1) : null;
            case JsonErrorKind.LoneSurrogate:
                return Replace(text, start, end, end - start == 1 ? "\uFFFD" : "\\uFFFD");
            case JsonErrorKind.UnterminatedString:
                // The text ends inside the string, or inside one of its escapes (whose backslash starts the span).
                return text[start] == '\\' ? Replace(text, start, text.Length, "\"") : text + "\"";
            case JsonErrorKind.ControlCharacterInString:
                // A raw line break ends the span of a string that is not closed on its line: close it there. Another
                // control character becomes a space.
                return end < text.Length && text[end] is '\r' or '\n' && end > start + 1
                    ? text.Insert(end, "\"")
                    : Replace(text, start, start + 1, " ");
            case JsonErrorKind.UnexpectedEndOfInput:
                return expected switch
                {
                    Expectation.Value => LastSignificant(text) switch
                    {
                        '[' => text + "]",
                        ',' => WithoutLastComma(text), // in an array: an object's comma expects a member name
                        _ => text + "null",
                    },
                    Expectation.Colon => text + ":null",
                    Expectation.MemberName or Expectation.ObjectContinuation => text + "}",
                    Expectation.MemberNameAfterComma => WithoutLastComma(text) + "}",
                    Expectation.ArrayContinuation => text + "]",
                    _ => null,
                };
            case JsonErrorKind.UnexpectedCharacter:
                return atEnd ? null : RepairUnexpected(text, start, expected);
            default:
                // An empty document, nesting too deep or malformed UTF-8: nothing to read.
                return null;
        }
    }

    private static string RepairUnexpected(string text, int at, Expectation expected)
    {
        var c = text[at];
        var startsValue = c is '"' or '{' or '[' or 't' or 'f' or 'n' or '-' || (c >= '0' && c <= '9');
        var expectsName = expected is Expectation.MemberName or Expectation.MemberNameAfterComma;
        if (c == '\'' && (expectsName || expected == Expectation.Value) && QuotedInSingleQuotes(text, at) is var close and > 0)
        {
            // A string in single quotes: put it in double ones.
            return Replace(Replace(text, close, close + 1, "\""), at, at + 1, "\"");
        }

        switch (expected)
        {
            case Expectation.MemberName or Expectation.MemberNameAfterComma when char.IsLetter(c) || c is '_' or '$':
                // A member name without quotes: quote it.
                var nameEnd = at + 1;
                while (nameEnd < text.Length && (char.IsLetterOrDigit(text[nameEnd]) || text[nameEnd] is '_' or '$' or '.' or '-'))
                {
                    nameEnd++;
                }

                return text.Insert(nameEnd, "\"").Insert(at, "\"");
            case Expectation.Value when Array.IndexOf(ValueEnds, c) >= 0:
                return text.Insert(at, "null");
            case Expectation.Colon when startsValue:
                return text.Insert(at, ":");
            case Expectation.Colon when Array.IndexOf(ValueEnds, c) >= 0:
                return text.Insert(at, ":null");
            case Expectation.ObjectContinuation when c == '"':
                // The comma between two members is missing.
                return text.Insert(at, ",");
            case Expectation.ObjectContinuation when c == ']':
                return Replace(text, at, at + 1, "}");
            case Expectation.ArrayContinuation when startsValue:
                return text.Insert(at, ",");
            case Expectation.ArrayContinuation when c == '}':
                return text.Insert(at, "]");
            case Expectation.MemberName when c == ']':
                return Replace(text, at, at + 1, "}");
            case Expectation.Delimiter:
                return text.Remove(at, RunEnd(text, at, RunEnds) - at);
            default:
                // Stray text: drop it up to the next structural character (at least one character, so each repair
                // shortens the text or moves the next error on).
                return text.Remove(at, Math.Max(RunEnd(text, at, RunEnds), at + 1) - at);
        }
    }

    /// <summary>The index of the quote closing the single-quoted string at <paramref name="open"/> on its line; -1 when there is none or it holds a double quote.</summary>
    private static int QuotedInSingleQuotes(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'':
                    return i;
                case '"' or '\r' or '\n':
                    return -1;
            }
        }

        return -1;
    }

    /// <summary>Where the run of text from <paramref name="start"/> ends: before the first of <paramref name="ends"/>, or the text's end.</summary>
    private static int RunEnd(string text, int start, char[] ends)
    {
        var end = start < text.Length ? text.IndexOfAny(ends, start) : -1;
        return end < 0 ? text.Length : end;
    }

    private static string Replace(string text, int start, int end, string replacement) =>
        new StringBuilder(text.Length - (end - start) + replacement.Length)
            .Append(text, 0, start)
            .Append(replacement)
            .Append(text, end, text.Length - end)
            .ToString();

    /// <summary>The text without the comment at <paramref name="start"/>: a <c>//</c> comment to its line's end, a <c>/*</c> one to its <c>*/</c>.</summary>
    private static string WithoutComment(string text, int start)
    {
        int end;
        if (text[start + 1] == '/')
        {
            end = text.IndexOfAny(LineEnds, start);
        }
        else
        {
            end = text.IndexOf("*/", start + 2, StringComparison.Ordinal);
            end = end < 0 ? -1 : end + 2;
        }

        return end < 0 ? text.Substring(0, start) : text.Remove(start, end - start);
    }

    private static char LastSignificant(string text)
    {
        var i = text.Length - 1;
        while (i >= 0 && text[i] is ' ' or '\t' or '\r' or '\n')
        {
            i--;
        }

        return i < 0 ? '\0' : text[i];
    }

    private static string WithoutLastComma(string text)
    {
        var comma = text.LastIndexOf(',');
        return comma < 0 ? text : text.Remove(comma, 1);
    }

    /// <summary>What the reader expected where it met an unexpected character or the end of the text.</summary>
    private enum Expectation
    {
        None,
        Value,
        MemberName,
        MemberNameAfterComma,
        Colon,
        ObjectContinuation,
        ArrayContinuation,
        Delimiter,
    }
}
