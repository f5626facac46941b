using System;
using System.Buffers;
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
        var value = ParseText(json, maxDepth, out var error);
        return error is null ? value : throw error;
    }

    /// <summary>
    /// Parses a settings document (a mock configuration, HTTP connections): JSON that is not valid is a
    /// <see cref="FormatException"/> whose message starts with <paramref name="what"/> (<c>The connections are</c>).
    /// </summary>
    internal static JsonValue ParseDocument(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        var value = ParseText(json, DefaultMaxDepth, out var error);
        return error is null ? value : throw new FormatException(what + " not valid JSON: " + error.Message, error);
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
        value = ParseText(json, maxDepth, out var exception);
        error = exception?.Message;
        return exception is null;
    }

    /// <summary>Parses text through its UTF-8 bytes: on the stack when short, else in a pooled buffer (no large array left behind).</summary>
    private static JsonValue ParseText(string json, int maxDepth, out JsonValueParseException? error)
    {
        if (json.Length <= 256)
        {
            Span<byte> small = stackalloc byte[256 * 3];
            return ParseCore(small[..Encoding.UTF8.GetBytes(json, small)], maxDepth, out error);
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(json));
        try
        {
            return ParseCore(rented.AsSpan(0, Encoding.UTF8.GetBytes(json, rented)), maxDepth, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
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

    // Iterative: a stack of open containers, so hostile nesting cannot overflow the call stack. The members and items of
    // every open container share two scratch lists (a container's own are the tail from where it opened), reused by the
    // thread's next parse, so a document costs its values and one exact array per container, not a builder each.
    private static JsonValue ReadDocument(ref Utf8JsonReader reader)
    {
        var scratch = ParseScratch.Take();
        try
        {
            return ReadDocument(ref reader, scratch);
        }
        finally
        {
            scratch.Return();
        }
    }

    private static JsonValue ReadDocument(ref Utf8JsonReader reader, ParseScratch scratch)
    {
        string? pendingName = null;
        JsonValue root = default;
        while (reader.Read())
        {
            JsonValue completed;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    scratch.Open(pendingName, isObject: true);
                    pendingName = null;
                    continue;
                case JsonTokenType.StartArray:
                    scratch.Open(pendingName, isObject: false);
                    pendingName = null;
                    continue;
                case JsonTokenType.PropertyName:
                    pendingName = ReadName(ref reader, scratch);
                    continue;
                case JsonTokenType.EndObject:
                    completed = FromObject(scratch.CloseObject(out pendingName));
                    break;
                case JsonTokenType.EndArray:
                    completed = FromArray(scratch.CloseArray(out pendingName));
                    break;
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

            if (!scratch.Add(pendingName, completed))
            {
                root = completed;
            }

            pendingName = null;
        }

        return root;
    }

    /// <summary>
    /// A member name: a short ASCII name without escapes comes from the thread's cache of names already read, so the
    /// members of an array of like objects (and of the next document of the same shape) share their names' strings.
    /// </summary>
    private static string ReadName(ref Utf8JsonReader reader, ParseScratch scratch)
    {
        var raw = reader.ValueSpan;
        if (reader.ValueIsEscaped || raw.Length > ParseScratch.CachedNameLength)
        {
            return ReadString(ref reader);
        }

        var slot = ParseScratch.NameSlot(raw);
        if (scratch.Names[slot] is { } cached && System.Text.Ascii.Equals(raw, cached))
        {
            return cached;
        }

        var name = ReadString(ref reader);
        if (System.Text.Ascii.IsValid(raw))
        {
            scratch.Names[slot] = name;
        }

        return name;
    }

    /// <summary>The reader's working lists (see <see cref="ReadDocument(ref Utf8JsonReader)"/>), one per thread at rest.</summary>
    private sealed class ParseScratch
    {
        /// <summary>The longest name (UTF-8 bytes) <see cref="Names"/> keeps.</summary>
        public const int CachedNameLength = 32;

        private const int NameSlots = 256;

        // Lists grown past this many entries by one large document are not kept for the next one.
        private const int KeptCapacity = 4096;

        [ThreadStatic]
        private static ParseScratch? t_cached;

        private KeyValuePair<string, JsonValue>[] _members = new KeyValuePair<string, JsonValue>[32];
        private int _memberCount;
        private JsonValue[] _items = new JsonValue[32];
        private int _itemCount;
        private Container[] _open = new Container[8];
        private int _depth;

        /// <summary>Names read before, by <see cref="NameSlot"/> (a later name of the same slot replaces an earlier one).</summary>
        public string?[] Names { get; } = new string?[NameSlots];

        /// <summary>The thread's scratch (a new one when a parse on this thread is already using it).</summary>
        public static ParseScratch Take()
        {
            var scratch = t_cached ?? new ParseScratch();
            t_cached = null;
            return scratch;
        }

        /// <summary>Empties the lists (they hold no value past the parse) and keeps them for the thread's next parse.</summary>
        public void Return()
        {
            if (_memberCount > 0 || _itemCount > 0)
            {
                // A parse that failed midway leaves open containers' values behind.
                Array.Clear(_members, 0, _memberCount);
                Array.Clear(_items, 0, _itemCount);
                Array.Clear(_open, 0, _depth);
            }

            _memberCount = 0;
            _itemCount = 0;
            _depth = 0;
            if (_members.Length > KeptCapacity)
            {
                _members = new KeyValuePair<string, JsonValue>[32];
            }

            if (_items.Length > KeptCapacity)
            {
                _items = new JsonValue[32];
            }

            if (_open.Length > KeptCapacity)
            {
                _open = new Container[8];
            }

            t_cached = this;
        }

        /// <summary>The slot of a name's UTF-8 bytes in <see cref="Names"/> (FNV-1a, folded).</summary>
        public static int NameSlot(ReadOnlySpan<byte> raw)
        {
            var hash = 2166136261u;
            foreach (var b in raw)
            {
                hash = (hash ^ b) * 16777619u;
            }

            return (int)((hash ^ (hash >> 16)) & (NameSlots - 1));
        }

        /// <summary>Opens a container, the value of member <paramref name="name"/> of its parent (null in an array or at the root).</summary>
        public void Open(string? name, bool isObject)
        {
            if (_depth == _open.Length)
            {
                Array.Resize(ref _open, _depth * 2);
            }

            _open[_depth++] = new Container(name, isObject ? _memberCount : _itemCount, isObject);
        }

        /// <summary>Adds a completed value to the innermost open container; false when none is open (the value is the root).</summary>
        public bool Add(string? name, JsonValue value)
        {
            if (_depth == 0)
            {
                return false;
            }

            if (_open[_depth - 1].IsObject)
            {
                if (_memberCount == _members.Length)
                {
                    Array.Resize(ref _members, _memberCount * 2);
                }

                _members[_memberCount++] = new(name!, value);
            }
            else
            {
                if (_itemCount == _items.Length)
                {
                    Array.Resize(ref _items, _itemCount * 2);
                }

                _items[_itemCount++] = value;
            }

            return true;
        }

        /// <summary>Closes the innermost container, an object; <paramref name="name"/> is its member name in its parent.</summary>
        public JsonObjectValue CloseObject(out string? name)
        {
            var container = _open[--_depth];
            _open[_depth] = default;
            name = container.Name;
            var members = _members.AsSpan(container.Start, _memberCount - container.Start);
            var result = HasRepeatedName(members) ? JsonObjectValue.Create(members) : JsonObjectValue.FromOwnedArray(members.ToArray());
            members.Clear();
            _memberCount = container.Start;
            return result;
        }

        /// <summary>Closes the innermost container, an array; <paramref name="name"/> is its member name in its parent.</summary>
        public JsonArrayValue CloseArray(out string? name)
        {
            var container = _open[--_depth];
            _open[_depth] = default;
            name = container.Name;
            var items = _items.AsSpan(container.Start, _itemCount - container.Start);
            var result = JsonArrayValue.FromOwnedArray(items.ToArray());
            items.Clear();
            _itemCount = container.Start;
            return result;
        }

        /// <summary>Whether a name repeats (the rare case: <see cref="JsonObjectValue.Create"/> then keeps the last value at the first position).</summary>
        private static bool HasRepeatedName(ReadOnlySpan<KeyValuePair<string, JsonValue>> members)
        {
            if (members.Length > 16)
            {
                var seen = new HashSet<string>(members.Length, StringComparer.Ordinal);
                foreach (var member in members)
                {
                    if (!seen.Add(member.Key))
                    {
                        return true;
                    }
                }

                return false;
            }

            for (var i = 1; i < members.Length; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(members[i].Key, members[j].Key, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private readonly record struct Container(string? Name, int Start, bool IsObject);
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

}
