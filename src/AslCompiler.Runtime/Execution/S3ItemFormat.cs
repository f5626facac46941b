using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// How an <see cref="S3ItemReader"/> turns an object's text into items: the <c>ReaderConfig</c> read once
/// (<see cref="Parse"/>, which refuses settings it cannot follow before any object is fetched), then
/// <see cref="Read"/> per object.
/// </summary>
internal sealed class S3ItemFormat
{
    private readonly string _inputType;
    private readonly string? _itemsPointer;
    private readonly char _delimiter;
    private readonly string[]? _givenHeaders;

    private S3ItemFormat(string inputType, string? itemsPointer, char delimiter, string[]? givenHeaders)
    {
        _inputType = inputType;
        _itemsPointer = itemsPointer;
        _delimiter = delimiter;
        _givenHeaders = givenHeaders;
    }

    /// <summary>Reads the settings of <paramref name="readerConfig"/>; a <see cref="TaskFailedException"/> when they do not fit.</summary>
    public static S3ItemFormat Parse(JsonValue readerConfig)
    {
        if (!readerConfig["InputType"].TryGetString(out var inputType))
        {
            throw S3ItemReader.Failed("ReaderConfig.InputType (CSV, JSON or JSONL) is required to read an S3 object's items.");
        }

        switch (inputType)
        {
            case "JSON":
                var pointer = readerConfig["ItemsPointer"];
                if (!pointer.IsUndefined && !pointer.TryGetString(out _))
                {
                    throw S3ItemReader.Failed("ReaderConfig.ItemsPointer must be a string (a JSON Pointer), not " + pointer.ToJsonString() + ".");
                }

                return new S3ItemFormat(inputType, pointer.TryGetString(out var p) ? p : null, ',', null);
            case "JSONL":
                return new S3ItemFormat(inputType, null, ',', null);
            case "CSV":
                return new S3ItemFormat(inputType, null, Delimiter(readerConfig), GivenHeaders(readerConfig));
            case "MANIFEST" or "PARQUET":
                throw S3ItemReader.Failed("ReaderConfig.InputType " + inputType + " is not supported by the S3 item reader (it reads CSV, JSON and JSONL).");
            default:
                throw S3ItemReader.Failed("ReaderConfig.InputType must be CSV, JSON, JSONL, MANIFEST or PARQUET, not '" + inputType + "'.");
        }
    }

    /// <summary>The items of one object's text (<paramref name="name"/> names the object in messages).</summary>
    public JsonValue Read(string text, string name)
    {
        // A UTF-8 byte order mark is not part of the data.
        var body = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        return _inputType switch
        {
            "JSON" => ReadJson(body, name),
            "JSONL" => ReadJsonLines(body, name),
            _ => ReadCsv(body, name),
        };
    }

    private JsonValue ReadJson(string text, string name)
    {
        if (text.AsSpan().IsWhiteSpace())
        {
            throw S3ItemReader.Failed("The object " + name + " is empty: it holds no JSON.");
        }

        JsonValue value;
        try
        {
            value = JsonValue.Parse(text);
        }
        catch (JsonValueParseException e)
        {
            throw S3ItemReader.Failed("The object " + name + " is not valid JSON (line " + Line(e.LineNumber + 1) + "): " + WithoutPosition(e.Message));
        }

        return _itemsPointer is null ? value : Select(value, _itemsPointer, name);
    }

    private static JsonValue ReadJsonLines(string text, string name)
    {
        var items = new List<JsonValue>();
        var line = 0L;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            line++;
            var content = text.AsSpan(start, end - start).TrimEnd('\r');
            if (!content.IsWhiteSpace())
            {
                try
                {
                    items.Add(JsonValue.Parse(content.ToString()));
                }
                catch (JsonValueParseException e)
                {
                    throw S3ItemReader.Failed("The object " + name + " is not valid JSON Lines: line " + Line(line) + " is not JSON: " + WithoutPosition(e.Message));
                }
            }

            start = end + 1;
        }

        return JsonValue.FromArray(JsonArrayValue.FromOwnedArray(items.ToArray()));
    }

    private JsonValue ReadCsv(string text, string name)
    {
        var items = new List<JsonValue>();
        string[]? headers = _givenHeaders;
        int[]? order = headers is null ? null : JavaHashMapOrder.IterationOrder(headers);
        foreach (var fields in CsvRecords.Read(text, _delimiter, name))
        {
            if (headers is null)
            {
                headers = fields;
                if (HasDuplicate(headers))
                {
                    throw S3ItemReader.Failed("CSV headers cannot contain duplicates. (The first row of " + name + ".)");
                }

                order = JavaHashMapOrder.IterationOrder(headers);
                continue;
            }

            // AWS's runtime builds each item in a Java HashMap: its members come out in that map's order.
            var members = new KeyValuePair<string, JsonValue>[headers.Length];
            for (var i = 0; i < members.Length; i++)
            {
                var column = order![i];
                members[i] = new(headers[column], column < fields.Length ? JsonValue.FromString(fields[column]) : JsonValue.EmptyString);
            }

            items.Add(JsonValue.FromObject(JsonObjectValue.FromOwnedArray(members)));
        }

        return JsonValue.FromArray(JsonArrayValue.FromOwnedArray(items.ToArray()));
    }

    /// <summary>The node a JSON Pointer (RFC 6901) selects; the whole value for the empty pointer.</summary>
    private static JsonValue Select(JsonValue root, string pointer, string name)
    {
        if (pointer.Length == 0)
        {
            return root;
        }

        if (pointer[0] != '/')
        {
            throw S3ItemReader.Failed("ReaderConfig.ItemsPointer '" + pointer + "' is not a JSON Pointer: it must be empty or start with '/'.");
        }

        var node = root;
        foreach (var token in pointer[1..].Split('/'))
        {
            var member = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.TryGetObject(out var obj) && obj.TryGetValue(member, out var value))
            {
                node = value;
            }
            else if (node.TryGetArray(out var array) && IsIndex(member, array.Count, out var index))
            {
                node = array[index];
            }
            else
            {
                throw S3ItemReader.Failed("ReaderConfig.ItemsPointer '" + pointer + "' selects nothing in " + name + ".");
            }
        }

        return node;
    }

    // An array index of a JSON Pointer: digits without a leading zero.
    private static bool IsIndex(string token, int count, out int index)
    {
        index = -1;
        return token.Length > 0 && (token.Length == 1 || token[0] != '0') && token.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
            && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < count;
    }

    private static char Delimiter(JsonValue readerConfig)
    {
        var value = readerConfig["CSVDelimiter"];
        if (value.IsUndefined)
        {
            return ',';
        }

        return (value.TryGetString(out var name) ? name : null) switch
        {
            "COMMA" => ',',
            "PIPE" => '|',
            "SEMICOLON" => ';',
            "SPACE" => ' ',
            "TAB" => '\t',
            _ => throw S3ItemReader.Failed("ReaderConfig.CSVDelimiter must be COMMA, PIPE, SEMICOLON, SPACE or TAB, not " + value.ToJsonString() + "."),
        };
    }

    private static string[]? GivenHeaders(JsonValue readerConfig)
    {
        var location = readerConfig["CSVHeaderLocation"];
        var given = location.TryGetString(out var l) ? l : location.IsUndefined ? "FIRST_ROW" : null;
        switch (given)
        {
            case "FIRST_ROW":
                return null;
            case "GIVEN":
                if (!readerConfig["CSVHeaders"].TryGetArray(out var list))
                {
                    throw S3ItemReader.Failed("ReaderConfig.CSVHeaders (an array of strings) is required when CSVHeaderLocation is GIVEN.");
                }

                var headers = new string[list.Count];
                for (var i = 0; i < headers.Length; i++)
                {
                    headers[i] = list[i].TryGetString(out var header) ? header : throw S3ItemReader.Failed("ReaderConfig.CSVHeaders must hold strings, not " + list[i].ToJsonString() + ".");
                }

                return HasDuplicate(headers) ? throw S3ItemReader.Failed("CSV headers cannot contain duplicates.") : headers;
            default:
                throw S3ItemReader.Failed("ReaderConfig.CSVHeaderLocation must be FIRST_ROW or GIVEN, not " + location.ToJsonString() + ".");
        }
    }

    private static bool HasDuplicate(string[] headers) => new HashSet<string>(headers, StringComparer.Ordinal).Count != headers.Length;

    private static string Line(long line) => line.ToString(CultureInfo.InvariantCulture);

    // System.Text.Json's zero-based position is replaced by the line the message gives.
    private static string WithoutPosition(string message)
    {
        foreach (var marker in new[] { " Path: ", " LineNumber: " })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd();
    }
}
