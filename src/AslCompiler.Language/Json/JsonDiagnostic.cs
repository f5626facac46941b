using System.Globalization;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Json;

/// <summary>What went wrong while reading JSON text.</summary>
public enum JsonErrorKind
{
    /// <summary>The text holds no value at all.</summary>
    EmptyDocument,

    /// <summary>The text ends in the middle of a value.</summary>
    UnexpectedEndOfInput,

    /// <summary>A character that cannot start or continue what is expected here.</summary>
    UnexpectedCharacter,

    /// <summary>A <c>//</c> or <c>/* */</c> comment, which JSON does not allow.</summary>
    Comment,

    /// <summary>A comma just before <c>}</c> or <c>]</c>.</summary>
    TrailingComma,

    /// <summary>A backslash escape that JSON does not define, or a malformed <c>\u</c> escape.</summary>
    InvalidEscape,

    /// <summary>A surrogate code unit without its partner, escaped or raw.</summary>
    LoneSurrogate,

    /// <summary>A raw control character (U+0000–U+001F) inside a string.</summary>
    ControlCharacterInString,

    /// <summary>A string without its closing quote.</summary>
    UnterminatedString,

    /// <summary>A number outside the JSON grammar (leading zeros, a bare sign, a dot without digits, ...).</summary>
    InvalidNumber,

    /// <summary>A misspelt <c>true</c>, <c>false</c> or <c>null</c>.</summary>
    InvalidLiteral,

    /// <summary>More text after the one top-level value.</summary>
    TrailingContent,

    /// <summary>Objects and arrays nested deeper than the reader allows.</summary>
    TooDeep,

    /// <summary>The same member name twice in one object.</summary>
    DuplicateKey,

    /// <summary>Bytes that are not well-formed UTF-8.</summary>
    InvalidUtf8,
}

/// <summary>A problem found while reading JSON, with the place it was found.</summary>
public sealed class JsonDiagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    public JsonDiagnostic(JsonErrorKind kind, string message, SourceSpan span, string pointer)
    {
        Kind = kind;
        Message = message;
        Span = span;
        Pointer = pointer;
    }

    /// <summary>What went wrong.</summary>
    public JsonErrorKind Kind { get; }

    /// <summary>A sentence for people, without the position.</summary>
    public string Message { get; }

    /// <summary>Where in the source text.</summary>
    public SourceSpan Span { get; }

    /// <summary>The JSON Pointer of the value being read when the problem was found (empty for the root).</summary>
    public string Pointer { get; }

    /// <summary>
    /// Whether reading stopped here. Syntax errors are fatal; a duplicate key is not, and the
    /// document is still returned (lookups find the last of the duplicates).
    /// </summary>
    public bool IsFatal => Kind != JsonErrorKind.DuplicateKey;

    /// <summary>Formats as <c>(line,column): message</c>, one-based.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "({0},{1}): {2}", Span.StartLine + 1, Span.StartColumn + 1, Message);
}
