using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AslCompiler.Runtime.Json;

/// <summary>The text given to <see cref="JsonValue.Parse(string, int)"/> is not valid JSON.</summary>
public sealed class JsonValueParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public JsonValueParseException(string message, long lineNumber, long bytePositionInLine, Exception? inner = null)
        : base(message, inner)
    {
        LineNumber = lineNumber;
        BytePositionInLine = bytePositionInLine;
    }

    /// <summary>Creates the exception.</summary>
    public JsonValueParseException()
        : this("The text is not valid JSON.", 0, 0)
    {
    }

    /// <summary>Creates the exception.</summary>
    public JsonValueParseException(string message)
        : this(message, 0, 0)
    {
    }

    /// <summary>Creates the exception.</summary>
    public JsonValueParseException(string message, Exception inner)
        : this(message, 0, 0, inner)
    {
    }

    /// <summary>The zero-based line of the error.</summary>
    public long LineNumber { get; }

    /// <summary>The zero-based UTF-8 byte position of the error in its line.</summary>
    public long BytePositionInLine { get; }
}

public readonly partial struct JsonValue
{
    /// <summary>The default nesting limit of <see cref="Parse(string, int)"/>: as deeply as a payload may nest (1,000 levels).</summary>
    public const int DefaultMaxDepth = MaxDepth;

    /// <summary>Parses JSON text (strict RFC 8259; a repeated member name keeps its last value).</summary>
    /// <exception cref="JsonValueParseException">The text is not valid JSON, or nests deeper than <paramref name="maxDepth"/>.</exception>
    public static JsonValue Parse(string json, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), maxDepth);
    }

    /// <summary>Parses UTF-8 JSON text.</summary>
    /// <exception cref="JsonValueParseException">The text is not valid JSON, or nests deeper than <paramref name="maxDepth"/>.</exception>
    public static JsonValue Parse(ReadOnlySpan<byte> utf8Json, int maxDepth = DefaultMaxDepth)
    {
        var value = ParseCore(utf8Json, maxDepth, out var error);
        return error is null ? value : throw error;
    }

    /// <summary>Parses JSON text; on failure returns false with a message saying what and where.</summary>
    public static bool TryParse(string json, out JsonValue value, out string? error, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(json);
        value = ParseCore(Encoding.UTF8.GetBytes(json), maxDepth, out var exception);
        error = exception?.Message;
        return exception is null;
    }

    private static JsonValue ParseCore(ReadOnlySpan<byte> utf8Json, int maxDepth, out JsonValueParseException? error)
    {
        error = null;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            var result = ReadDocument(ref reader);
            if (result.IsUndefined)
            {
                error = new JsonValueParseException("The JSON text is empty.", 0, 0);
            }

            return result;
        }
        catch (JsonException e)
        {
            error = new JsonValueParseException(
                (e.Message ?? "Invalid JSON.") + (e.Message?.Contains("LineNumber", StringComparison.Ordinal) == true ? string.Empty : $" LineNumber: {e.LineNumber ?? 0} | BytePositionInLine: {e.BytePositionInLine ?? 0}."),
                e.LineNumber ?? 0,
                e.BytePositionInLine ?? 0,
                e);
            return default;
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader leaves the text of a string unchecked until it is read: a string (or member name) whose
            // bytes are not UTF-8 cannot be read as one (an escaped lone surrogate is read, see ReadString).
            var start = reader.TokenStartIndex;
            if (FirstInvalidUtf8(reader.ValueSpan) is { } invalid)
            {
                var offset = start + 1 + invalid; // past the opening quote
                var (badLine, badColumn) = Position(utf8Json, offset);
                error = new JsonValueParseException(
                    $"A string holds invalid UTF-8: byte 0x{utf8Json[(int)offset]:X2} at byte offset {offset} does not form a valid sequence. LineNumber: {badLine} | BytePositionInLine: {badColumn}.",
                    badLine,
                    badColumn,
                    e);
                return default;
            }

            var (line, column) = Position(utf8Json, start);
            error = new JsonValueParseException($"A string cannot be read: {e.Message} LineNumber: {line} | BytePositionInLine: {column}.", line, column, e);
            return default;
        }
    }

    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence, or null when all do.</summary>
    private static long? FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>The zero-based line and byte position in that line of a byte offset.</summary>
    private static (long Line, long Column) Position(ReadOnlySpan<byte> utf8Json, long offset)
    {
        var before = utf8Json[..(int)Math.Min(offset, utf8Json.Length)];
        var lastBreak = before.LastIndexOf((byte)'\n');
        return (before.Count((byte)'\n'), offset - lastBreak - 1);
    }

    // Iterative: a stack of open containers, so hostile nesting cannot overflow the call stack.
    private static JsonValue ReadDocument(ref Utf8JsonReader reader)
    {
        var stack = new Stack<Frame>();
        string? pendingName = null;
        JsonValue root = default;
        while (reader.Read())
        {
            JsonValue completed;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    stack.Push(new Frame(pendingName, new JsonObjectBuilder(), null));
                    pendingName = null;
                    continue;
                case JsonTokenType.StartArray:
                    stack.Push(new Frame(pendingName, null, new List<JsonValue>()));
                    pendingName = null;
                    continue;
                case JsonTokenType.PropertyName:
                    pendingName = ReadString(ref reader);
                    continue;
                case JsonTokenType.EndObject:
                {
                    var frame = stack.Pop();
                    completed = FromObject(frame.Object!.ToObject());
                    pendingName = frame.Name;
                    break;
                }

                case JsonTokenType.EndArray:
                {
                    var frame = stack.Pop();
                    completed = FromArray(JsonArrayValue.FromOwnedArray(frame.Array!.ToArray()));
                    pendingName = frame.Name;
                    break;
                }

                case JsonTokenType.String:
                    completed = FromString(ReadString(ref reader));
                    break;
                case JsonTokenType.Number:
                    completed = ReadNumber(ref reader);
                    break;
                case JsonTokenType.True:
                    completed = True;
                    break;
                case JsonTokenType.False:
                    completed = False;
                    break;
                case JsonTokenType.Null:
                    completed = Null;
                    break;
                default:
                    continue;
            }

            if (stack.Count == 0)
            {
                root = completed;
                continue;
            }

            var parent = stack.Peek();
            if (parent.Object is not null)
            {
                parent.Object.Set(pendingName!, completed);
                pendingName = null;
            }
            else
            {
                parent.Array!.Add(completed);
            }
        }

        return root;
    }

    /// <summary>
    /// A string token's text. An escaped lone surrogate (<c>"\ud800"</c>, half of a pair without its other half) is that
    /// one UTF-16 unit, as Jackson reads it (and as the writer writes one), where System.Text.Json refuses it; bytes that
    /// are not UTF-8 are still refused (<see cref="InvalidOperationException"/>, worded by <see cref="ParseCore"/>).
    /// </summary>
    private static string ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException) when (FirstInvalidUtf8(reader.ValueSpan) is null)
        {
            return UnescapeKeepingLoneSurrogates(reader.ValueSpan);
        }
    }

    /// <summary>The text of a string token's escaped UTF-8 bytes (the reader checked the escapes' syntax), each <c>\uXXXX</c> one UTF-16 unit.</summary>
    private static string UnescapeKeepingLoneSurrogates(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            var escape = raw.IndexOf((byte)'\\');
            text.Append(Encoding.UTF8.GetString(escape < 0 ? raw : raw[..escape]));
            if (escape < 0)
            {
                break;
            }

            var kind = raw[escape + 1];
            raw = raw[(escape + 2)..];
            switch (kind)
            {
                case (byte)'u':
                    text.Append((char)int.Parse(raw[..4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    raw = raw[4..];
                    break;
                case (byte)'b': text.Append('\b'); break;
                case (byte)'f': text.Append('\f'); break;
                case (byte)'n': text.Append('\n'); break;
                case (byte)'r': text.Append('\r'); break;
                case (byte)'t': text.Append('\t'); break;
                default: text.Append((char)kind); break; // \" \\ \/
            }
        }

        return text.ToString();
    }

    private static JsonValue ReadNumber(ref Utf8JsonReader reader)
    {
        // Input is a single span, so the token is never split over a sequence. The reader has checked the number's syntax:
        // a long or a finite double is read from the UTF-8 bytes as they are; the rest (integers beyond 64 bits, doubles
        // that overflow) keep their text below.
        var raw = reader.ValueSpan;
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            if (reader.TryGetInt64(out var integer))
            {
                return JsonValue.FromNumber(integer);
            }
        }
        else if (reader.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return JsonValue.FromNumber(number);
        }

        Span<char> buffer = raw.Length <= 128 ? stackalloc char[raw.Length] : new char[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            buffer[i] = (char)raw[i];
        }

        return TryParseNumber(buffer, out var value)
            ? value
            : throw new JsonException("Invalid number.", null, reader.CurrentDepth, reader.TokenStartIndex);
    }

    private readonly record struct Frame(string? Name, JsonObjectBuilder? Object, List<JsonValue>? Array);
}
