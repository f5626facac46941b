using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>
/// Evaluates the Step Functions intrinsic functions (<c>States.Format</c>, <c>States.ArrayRange</c>, ...) with AWS's
/// argument rules and limits; a bad argument gives <c>States.IntrinsicFailure</c>, a missing path <c>States.Runtime</c>.
/// </summary>
public static class Intrinsics
{
    /// <summary>The most items <c>States.ArrayRange</c> may produce.</summary>
    public const int MaxArrayRangeItems = 1000;

    /// <summary>The longest input of <c>States.Base64Encode</c>, <c>States.Base64Decode</c> and <c>States.Hash</c>.</summary>
    public const int MaxEncodedInputLength = 10_000;

    /// <summary>
    /// The longest string (UTF-16 code units) <c>States.JsonToString</c> and <c>States.Format</c> may build: JSONata's
    /// string limit, 40 times the largest payload, so no state's data comes near it while a few such strings fit in
    /// memory. Their arguments can share parts (<c>States.Array($, $, ...)</c>), so a value far smaller in memory can
    /// stand for a text of gigabytes: its length is counted first, without writing it.
    /// </summary>
    public const int MaxStringLength = JsonataLimits.MaxStringLength;

    private static readonly ConcurrentDictionary<string, object> Cache = new(StringComparer.Ordinal);

    /// <summary>Evaluates a call text such as <c>States.Format('{}', $.a)</c> (parsed once and cached).</summary>
    public static EvaluationResult Evaluate(string expression, JsonValue input, EvaluationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (!Cache.TryGetValue(expression, out var parsed))
        {
            parsed = IntrinsicFunctionParser.TryParse(expression, out var call, out var error) ? call! : error!;
            if (Cache.Count < 10_000)
            {
                Cache.TryAdd(expression, parsed);
            }
        }

        return parsed is IntrinsicFunctionCall c
            ? Evaluate(c, input, context)
            : EvaluationResult.Failure(StatesErrorNames.IntrinsicFailure, "Invalid intrinsic function '" + expression + "': " + ((JsonPathSyntaxError)parsed).Message);
    }

    /// <summary>Evaluates a parsed call.</summary>
    public static EvaluationResult Evaluate(IntrinsicFunctionCall call, JsonValue input, EvaluationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        context ??= EvaluationContext.Empty;
        var args = new JsonValue[call.Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var argument = EvaluateArgument(call.Arguments[i], input, context);
            if (!argument.IsSuccess)
            {
                return argument;
            }

            args[i] = argument.Value;
        }

        return Invoke(call, args, context);
    }

    private static EvaluationResult EvaluateArgument(IntrinsicArgument argument, JsonValue input, EvaluationContext context)
    {
        switch (argument)
        {
            case IntrinsicStringArgument s:
                return EvaluationResult.Success(s.Value);
            case IntrinsicNumberArgument n:
                return EvaluationResult.Success(JsonValue.NumberFromText(n.Text));
            case IntrinsicBooleanArgument b:
                return EvaluationResult.Success(b.Value);
            case IntrinsicNullArgument:
                return EvaluationResult.Success(JsonValue.Null);
            case IntrinsicPathArgument p:
                var result = JsonPathEvaluator.Evaluate(p.Path, input, context);
                return result.IsSuccess
                    ? result
                    : EvaluationResult.Failure(StatesErrorNames.Runtime, "The JsonPath argument for the field '" + p.Path.Text + "' could not be found in the input '" + input.ToJsonString() + "'");
            case IntrinsicFunctionCall call:
                return Evaluate(call, input, context);
            default:
                return EvaluationResult.Failure(StatesErrorNames.IntrinsicFailure, "Unsupported argument.");
        }
    }

    /// <summary><paramref name="text"/> ending in a period, as every cause here does.</summary>
    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static EvaluationResult Fail(IntrinsicFunctionCall call, string reason) =>
        EvaluationResult.Failure(StatesErrorNames.IntrinsicFailure, "The evaluation of the intrinsic function '" + call.Text + "' failed: " + reason);

    internal static EvaluationResult Invoke(IntrinsicFunctionCall call, JsonValue[] args, EvaluationContext context)
    {
        try
        {
            return Run(call, args, context);
        }
        catch (OutOfMemoryException)
        {
            // A last resort: the sizes are counted before anything large is built.
            return Fail(call, "the result is too large to hold in memory.");
        }
    }

    private static EvaluationResult Run(IntrinsicFunctionCall call, JsonValue[] args, EvaluationContext context)
    {
        switch (call.Name)
        {
            case "States.Format":
                return Format(call, args);
            case "States.StringToJson":
                if (!Arity(call, args, 1, out var failure) || !String(call, args, 0, out var json, out failure))
                {
                    return failure;
                }

                if (json.Trim().Length == 0)
                {
                    return EvaluationResult.Success(JsonValue.Null);
                }

                return JsonValue.TryParse(json, out var parsed, out var parseError)
                    ? EvaluationResult.Success(parsed)
                    : Fail(call, "the argument is not valid JSON: " + Sentence(Api.JsonInputError.Describe(json, parseError))); // Jackson's words, as AWS reads it
            case "States.JsonToString":
                return Arity(call, args, 1, out failure) ? JsonToString(call, args[0]) : failure;
            case "States.Array":
                return EvaluationResult.Success(JsonArrayValue.Create(args));
            case "States.ArrayPartition":
            {
                if (!Arity(call, args, 2, out failure) || !Array(call, args, 0, out var array, out failure) || !RoundedInteger(call, args, 1, out var size, out failure))
                {
                    return failure;
                }

                if (size <= 0)
                {
                    return Fail(call, "the chunk size must be a positive integer.");
                }

                var chunks = new List<JsonValue>();
                for (var i = 0; i < array.Count; i += (int)size)
                {
                    chunks.Add(array.Slice(i, (int)Math.Min(size, array.Count - i)));
                }

                return EvaluationResult.Success(JsonArrayValue.FromOwnedArray(chunks.ToArray()));
            }

            case "States.ArrayContains":
            {
                if (!Arity(call, args, 2, out failure) || !Array(call, args, 0, out var array, out failure))
                {
                    return failure;
                }

                // Scalars compare directly; arrays, objects and long strings through a comparer that keeps their hashes and
                // remembers equal ones (an item repeated, or equal to another, is not compared whole again).
                var comparer = args[1].Kind is JsonKind.Array or JsonKind.Object || (args[1].IsString && args[1].GetString().Length >= ValueEqualityComparer.KeptStringLength)
                    ? new ValueEqualityComparer()
                    : null;
                foreach (var item in array.AsSpan())
                {
                    if (comparer is null ? item.Equals(args[1]) : comparer.Equals(item, args[1]))
                    {
                        return EvaluationResult.Success(true);
                    }
                }

                return EvaluationResult.Success(false);
            }

            case "States.ArrayRange":
            {
                if (!Arity(call, args, 3, out failure) || !RoundedInteger(call, args, 0, out var start, out failure) ||
                    !RoundedInteger(call, args, 1, out var end, out failure) || !RoundedInteger(call, args, 2, out var step, out failure))
                {
                    return failure;
                }

                if (step == 0)
                {
                    return Fail(call, "the step must not be 0.");
                }

                var count = (end - start) / step + 1;
                if (count > MaxArrayRangeItems)
                {
                    return Fail(call, "the result would have more than " + MaxArrayRangeItems.ToString(CultureInfo.InvariantCulture) + " items.");
                }

                var items = new List<JsonValue>();
                for (var v = start; step > 0 ? v <= end : v >= end; v += step)
                {
                    items.Add(v);
                }

                return EvaluationResult.Success(JsonArrayValue.FromOwnedArray(items.ToArray()));
            }

            case "States.ArrayGetItem":
            {
                if (!Arity(call, args, 2, out failure) || !Array(call, args, 0, out var array, out failure) || !Integer(call, args, 1, out var index, out failure))
                {
                    return failure;
                }

                return index >= 0 && index < array.Count
                    ? EvaluationResult.Success(array[(int)index])
                    : Fail(call, "the index " + index.ToString(CultureInfo.InvariantCulture) + " is out of bounds for an array of " + array.Count.ToString(CultureInfo.InvariantCulture) + " items.");
            }

            case "States.ArrayLength":
            {
                return Arity(call, args, 1, out failure) && Array(call, args, 0, out var array, out failure)
                    ? EvaluationResult.Success(array.Count)
                    : failure;
            }

            case "States.ArrayUnique":
            {
                if (!Arity(call, args, 1, out failure) || !Array(call, args, 0, out var array, out failure))
                {
                    return failure;
                }

                // Hashes exact for large integers, kept per array, object and long string (ValueEqualityComparer).
                var seen = new HashSet<JsonValue>(new ValueEqualityComparer());
                var unique = new List<JsonValue>();
                foreach (var item in array.AsSpan())
                {
                    if (seen.Add(item))
                    {
                        unique.Add(item);
                    }
                }

                return EvaluationResult.Success(JsonArrayValue.FromOwnedArray(unique.ToArray()));
            }

            case "States.Base64Encode":
            {
                if (!Arity(call, args, 1, out failure) || !String(call, args, 0, out var text, out failure))
                {
                    return failure;
                }

                return text.Length > MaxEncodedInputLength
                    ? Fail(call, "the input is longer than " + MaxEncodedInputLength.ToString(CultureInfo.InvariantCulture) + " characters.")
                    : EvaluationResult.Success(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
            }

            case "States.Base64Decode":
            {
                if (!Arity(call, args, 1, out failure) || !String(call, args, 0, out var text, out failure))
                {
                    return failure;
                }

                if (text.Length > MaxEncodedInputLength)
                {
                    return Fail(call, "the input is longer than " + MaxEncodedInputLength.ToString(CultureInfo.InvariantCulture) + " characters.");
                }

                return TryDecodeMimeBase64(text, out var decoded)
                    ? EvaluationResult.Success(Encoding.UTF8.GetString(decoded))
                    : Fail(call, "the input is not valid Base64.");
            }

            case "States.Hash":
            {
                if (!Arity(call, args, 2, out failure) || !String(call, args, 1, out var algorithm, out failure))
                {
                    return failure;
                }

                if (args[0].IsNull || args[0].IsUndefined)
                {
                    return Fail(call, "the data to hash must not be null.");
                }

                // A value is hashed as its JSON text, counted before it is written (it may stand for gigabytes of text).
                if (!args[0].IsString && (args[0].Depth > JsonValueWriter.MaxDepth || JsonValueWriter.Length(args[0], MaxEncodedInputLength) > MaxEncodedInputLength))
                {
                    return Fail(call, "the input is longer than " + MaxEncodedInputLength.ToString(CultureInfo.InvariantCulture) + " characters.");
                }

                var data = args[0].TryGetString(out var s) ? s : args[0].ToJsonString();
                if (data.Length > MaxEncodedInputLength)
                {
                    return Fail(call, "the input is longer than " + MaxEncodedInputLength.ToString(CultureInfo.InvariantCulture) + " characters.");
                }

                var bytes = Encoding.UTF8.GetBytes(data);
                byte[]? hash = algorithm switch
                {
#pragma warning disable CA5351, CA5350 // AWS defines MD5 and SHA-1 as hash choices; they are not used for security here.
                    "MD5" => MD5.HashData(bytes),
                    "SHA-1" => SHA1.HashData(bytes),
#pragma warning restore CA5351, CA5350
                    "SHA-256" => SHA256.HashData(bytes),
                    "SHA-384" => SHA384.HashData(bytes),
                    "SHA-512" => SHA512.HashData(bytes),
                    _ => null,
                };
                return hash is null
                    ? Fail(call, "the hash algorithm '" + algorithm + "' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512.")
                    : EvaluationResult.Success(Convert.ToHexStringLower(hash));
            }

            case "States.JsonMerge":
            {
                if (!Arity(call, args, 3, out failure))
                {
                    return failure;
                }

                if (!args[0].TryGetObject(out var left) || !args[1].TryGetObject(out var right))
                {
                    return Fail(call, "the first two arguments must be JSON objects.");
                }

                if (!args[2].IsBoolean)
                {
                    return Fail(call, "the third argument must be a boolean.");
                }

                if (args[2].IsTrue)
                {
                    return Fail(call, "only a shallow merge is supported: the third argument must be false.");
                }

                // AWS merges into a java.util.HashMap (the first object's members, then the second's): the result
                // comes out in that map's iteration order.
                var names = new List<string>(left.Count + right.Count);
                var values = new Dictionary<string, JsonValue>(left.Count + right.Count, StringComparer.Ordinal);
                foreach (var member in left.AsSpan())
                {
                    if (values.TryAdd(member.Key, member.Value))
                    {
                        names.Add(member.Key);
                    }
                }

                foreach (var member in right.AsSpan())
                {
                    if (!values.ContainsKey(member.Key))
                    {
                        names.Add(member.Key);
                    }

                    values[member.Key] = member.Value;
                }

                var order = JavaHashMapOrder.IterationOrder(names);
                var merged = new KeyValuePair<string, JsonValue>[order.Length];
                for (var i = 0; i < order.Length; i++)
                {
                    var name = names[order[i]];
                    merged[i] = new(name, values[name]);
                }

                return EvaluationResult.Success(JsonObjectValue.FromOwnedArray(merged));
            }

            case "States.MathRandom":
            {
                if (args.Length is not (2 or 3))
                {
                    return Fail(call, "it takes 2 or 3 arguments, not " + args.Length.ToString(CultureInfo.InvariantCulture) + ".");
                }

                // AWS accepts decimals here (recorded: 12.5, 44.51) and rounds them like MathAdd.
                if (!RoundedInt(args[0], out var start) || !RoundedInt(args[1], out var end))
                {
                    return Fail(call, "the start and end must be numbers between -2147483648 and 2147483647.");
                }

                if (start >= end)
                {
                    return Fail(call, "the start must be less than the end.");
                }

                Random random;
                if (args.Length == 3)
                {
                    if (!Integer(call, args, 2, out var seed, out failure))
                    {
                        return failure;
                    }

#pragma warning disable CA5394 // Not for security: MathRandom is a plain pseudo-random number.
                    random = new Random(unchecked((int)seed));
                }
                else
                {
                    random = context.Random;
                }

                return EvaluationResult.Success(random.NextInt64(start, end));
            }

            case "States.MathAdd":
            {
                if (!Arity(call, args, 2, out failure))
                {
                    return failure;
                }

                // AWS documents MathAdd's operands and result as Java ints; a decimal operand is rounded first
                // (recorded: 2.5 gives 3, -0.5 gives 0, -1.5 gives -1, as Java's Math.round does).
                if (!RoundedInt(args[0], out var a))
                {
                    return Fail(call, NotAnInt(0, args[0]));
                }

                if (!RoundedInt(args[1], out var b))
                {
                    return Fail(call, NotAnInt(1, args[1]));
                }

                var sum = a + b;
                return sum is >= int.MinValue and <= int.MaxValue
                    ? EvaluationResult.Success(sum)
                    : Fail(call, "the sum " + sum.ToString(CultureInfo.InvariantCulture) + " is not between -2147483648 and 2147483647.");
            }

            case "States.StringSplit":
            {
                if (!Arity(call, args, 2, out failure) || !String(call, args, 0, out var text, out failure) || !String(call, args, 1, out var separators, out failure))
                {
                    return failure;
                }

                if (separators.Length > MaxSplitSeparators)
                {
                    return EvaluationResult.Success(JsonArrayValue.FromOwnedArray(SplitAtAny(text, separators)));
                }

                var parts = separators.Length == 0
                    ? [text]
                    : text.Split(separators.ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
                var items = new JsonValue[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    items[i] = parts[i];
                }

                return EvaluationResult.Success(JsonArrayValue.FromOwnedArray(items));
            }

            case "States.UUID":
            {
                if (!Arity(call, args, 0, out failure))
                {
                    return failure;
                }

#pragma warning restore CA5394
                return EvaluationResult.Success(RandomUuid(context.Random));
            }

            default:
                return Fail(call, "unknown function.");
        }
    }

    // string.Split looks for up to 5 separators at once (vectorized); past that it tests each character against a filter
    // and then against every separator, which with thousands of them (from the input) took seconds per megabyte.
    private const int MaxSplitSeparators = 5;

    /// <summary>
    /// The non-empty pieces of <paramref name="text"/> between any of the characters of <paramref name="separators"/>,
    /// as <c>string.Split</c> with <see cref="StringSplitOptions.RemoveEmptyEntries"/> gives them, in time linear in
    /// both: the separators are looked for through one <see cref="SearchValues{T}"/>.
    /// </summary>
    internal static JsonValue[] SplitAtAny(string text, string separators)
    {
        var search = SearchValues.Create(separators);
        var items = new List<JsonValue>();
        var start = 0;
        while (start <= text.Length)
        {
            var found = text.AsSpan(start).IndexOfAny(search);
            var end = found < 0 ? text.Length : start + found;
            if (end > start)
            {
                items.Add(text.Substring(start, end - start));
            }

            start = end + 1;
        }

        return items.ToArray();
    }

    /// <summary>
    /// A version 4 UUID drawn from <paramref name="random"/>, lowercase with hyphens: <c>States.UUID</c>'s, and JSONata's
    /// <c>$uuid()</c> in a state, so one seed gives one id in both languages.
    /// </summary>
    internal static string RandomUuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
#pragma warning disable CA5394 // Not for security: a UUID as Step Functions makes one, from the execution's source.
        random.NextBytes(bytes);
#pragma warning restore CA5394
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        // Big-endian: the text is the bytes in order (one string, no pieces).
        return new Guid(bytes, bigEndian: true).ToString();
    }

    private static EvaluationResult Format(IntrinsicFunctionCall call, JsonValue[] args)
    {
        if (args.Length == 0 || call.Arguments[0] is not IntrinsicStringArgument && !args[0].IsString)
        {
            return Fail(call, "the first argument must be a string literal template.");
        }

        // A literal was split at its placeholders by the parser, which read its escapes; a string from a path is split here.
        var pieces = call.Arguments[0] is IntrinsicStringArgument literal ? literal.TemplatePieces : SplitTemplate(args[0].GetString());
        if (pieces.Count > args.Length)
        {
            return Fail(call, "the template has more placeholders than arguments.");
        }

        if (pieces.Count < args.Length)
        {
            return Fail(call, "the template has fewer placeholders than arguments.");
        }

        // The text's length first: arguments can share parts, and stand for far more text than memory holds.
        long length = pieces[0].Length;
        for (var i = 1; i < pieces.Count; i++)
        {
            if (args[i].Depth > JsonValueWriter.MaxDepth)
            {
                return Fail(call, "argument " + (i + 1).ToString(CultureInfo.InvariantCulture) + " nests deeper than " + JsonValueWriter.MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels.");
            }

            AddFormattedLength(args[i], ref length, MaxStringLength, 0, null);
            length += pieces[i].Length;
            if (length > MaxStringLength)
            {
                return TooLong(call, FormattedLength(pieces, args));
            }
        }

        var sb = new StringBuilder(pieces[0], (int)length);
        for (var i = 1; i < pieces.Count; i++)
        {
            if (!AppendFormatted(sb, args[i], 0))
            {
                return Fail(call, "argument " + (i + 1).ToString(CultureInfo.InvariantCulture) + " nests deeper than " + JsonValueWriter.MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels.");
            }

            sb.Append(pieces[i]);
        }

        return EvaluationResult.Success(sb.ToString());
    }

    // The value's JSON text, unless it nests too deeply to write or would be longer than MaxStringLength.
    private static EvaluationResult JsonToString(IntrinsicFunctionCall call, JsonValue value)
    {
        if (value.Depth > JsonValueWriter.MaxDepth)
        {
            return Fail(call, "the argument nests deeper than " + JsonValueWriter.MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels.");
        }

        // A string or a scalar is short enough on its face (a character is written as six at most); an array or object
        // is counted, unless already written.
        var mayBeLong = value.Kind switch
        {
            JsonKind.String => (6L * value.GetString().Length) + 2 > MaxStringLength,
            JsonKind.Array => value.GetArray().Text is not { } arrayText || arrayText.Length > MaxStringLength,
            JsonKind.Object => value.GetObject().Text is not { } objectText || objectText.Length > MaxStringLength,
            _ => false,
        };
        if (mayBeLong && JsonValueWriter.Length(value, MaxStringLength) > MaxStringLength)
        {
            return TooLong(call, JsonValueWriter.SharedLength(value));
        }

        return EvaluationResult.Success(value.ToJsonString());
    }

    private static EvaluationResult TooLong(IntrinsicFunctionCall call, long length) => Fail(
        call,
        "the result would be a string of " + length.ToString(CultureInfo.InvariantCulture) + " characters; the limit is " +
        MaxStringLength.ToString(CultureInfo.InvariantCulture) + ".");

    /// <summary>
    /// The exact length of Format's text (at most <see cref="JsonValueWriter.MaxCountedLength"/>), each array or object
    /// that appears several times counted once: for the message of a text too long to build.
    /// </summary>
    internal static long FormattedLength(IReadOnlyList<string> pieces, ReadOnlySpan<JsonValue> args)
    {
        var shared = new Dictionary<object, long>(ReferenceEqualityComparer.Instance);
        long length = pieces[0].Length;
        for (var i = 1; i < pieces.Count && i < args.Length; i++)
        {
            AddFormattedLength(args[i], ref length, JsonValueWriter.MaxCountedLength, 0, shared);
            length = Math.Min(length + pieces[i].Length, JsonValueWriter.MaxCountedLength);
        }

        return length;
    }

    /// <summary>
    /// Adds the length of the text <see cref="AppendFormatted"/> writes for <paramref name="value"/>, stopping once past
    /// <paramref name="limit"/> (each value counted adds a character or more, so that is at most about
    /// <paramref name="limit"/> steps); with <paramref name="shared"/>, each array and object is counted once.
    /// </summary>
    private static void AddFormattedLength(JsonValue value, ref long length, long limit, int depth, Dictionary<object, long>? shared)
    {
        switch (value.Kind)
        {
            case JsonKind.String:
                length += value.GetString().Length;
                return;
            case JsonKind.Number:
                length += JsonValueWriter.NumberLength(value);
                return;
            case JsonKind.Boolean:
                length += value.IsTrue ? 4 : 5;
                return;
            case JsonKind.Array or JsonKind.Object when depth <= JsonValueWriter.MaxDepth:
                break;
            case JsonKind.Array or JsonKind.Object:
                length = limit + 1; // too deep to write: the writer reports it
                return;
            default:
                length += 4; // null
                return;
        }

        if (shared is not null)
        {
            var container = value.Kind == JsonKind.Array ? (object)value.GetArray() : value.GetObject();
            if (!shared.TryGetValue(container, out var known))
            {
                AddContainerFormattedLength(value, ref known, limit, depth, shared);
                shared[container] = known;
            }

            length = Math.Min(length + known, JsonValueWriter.MaxCountedLength);
            return;
        }

        AddContainerFormattedLength(value, ref length, limit, depth, null);
    }

    // [a, b] and {k=v, l=w}: the brackets, ", " between items, "=" after each name.
    private static void AddContainerFormattedLength(JsonValue value, ref long length, long limit, int depth, Dictionary<object, long>? shared)
    {
        if (value.Kind == JsonKind.Array)
        {
            var array = value.GetArray();
            length += 2L * Math.Max(array.Count, 1);
            foreach (var item in array.AsSpan())
            {
                AddFormattedLength(item, ref length, limit, depth + 1, shared);
                if (length > limit)
                {
                    return;
                }
            }

            return;
        }

        var obj = value.GetObject();
        length += 2L * Math.Max(obj.Count, 1);
        foreach (var member in obj.AsSpan())
        {
            length += member.Key.Length + 1;
            AddFormattedLength(member.Value, ref length, limit, depth + 1, shared);
            if (length > limit)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The literal text around the placeholders of a Format template that is not a literal of the call (a string read
    /// from a path), one more piece than placeholders: placeholders are unescaped <c>{}</c>; <c>\{</c> and <c>\}</c>
    /// are plain braces.
    /// </summary>
    internal static string[] SplitTemplate(string template)
    {
        var pieces = new List<string>();
        var piece = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length && (template[i + 1] == '{' || template[i + 1] == '}'))
            {
                piece.Append(template[++i]);
            }
            else if (c == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                pieces.Add(piece.ToString());
                piece.Clear();
                i++;
            }
            else
            {
                piece.Append(c);
            }
        }

        pieces.Add(piece.ToString());
        return pieces.ToArray();
    }

    // Java's toString of the argument (a Map prints as {k=v, ...}, a List as [a, b]), whole. False when it nests
    // deeper than JSON text is written (JsonValueWriter.MaxDepth; read JSON stops at 512 levels).
    private static bool AppendFormatted(StringBuilder sb, JsonValue value, int depth)
    {
        if (depth > JsonValueWriter.MaxDepth)
        {
            return false;
        }

        switch (value.Kind)
        {
            case JsonKind.String:
                sb.Append(value.GetString());
                break;
            case JsonKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in value.GetArray().AsSpan())
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    if (!AppendFormatted(sb, item, depth + 1))
                    {
                        return false;
                    }
                }

                sb.Append(']');
                break;
            case JsonKind.Object:
                sb.Append('{');
                var firstMember = true;
                foreach (var member in value.GetObject().AsSpan())
                {
                    if (!firstMember)
                    {
                        sb.Append(", ");
                    }

                    firstMember = false;
                    sb.Append(member.Key).Append('=');
                    if (!AppendFormatted(sb, member.Value, depth + 1))
                    {
                        return false;
                    }
                }

                sb.Append('}');
                break;
            default:
                sb.Append(value.IsUndefined ? "null" : value.ToJsonString());
                break;
        }

        return true;
    }

    private static bool Arity(IntrinsicFunctionCall call, JsonValue[] args, int expected, out EvaluationResult failure)
    {
        failure = default;
        if (args.Length == expected)
        {
            return true;
        }

        failure = Fail(call, "it takes " + expected.ToString(CultureInfo.InvariantCulture) + " argument(s), not " + args.Length.ToString(CultureInfo.InvariantCulture) + ".");
        return false;
    }

    private static bool String(IntrinsicFunctionCall call, JsonValue[] args, int index, out string value, out EvaluationResult failure)
    {
        failure = default;
        if (args[index].TryGetString(out var s))
        {
            value = s;
            return true;
        }

        value = string.Empty;
        failure = Fail(call, "argument " + (index + 1).ToString(CultureInfo.InvariantCulture) + " must be a string, not " + JsonValue.KindName(args[index].Kind) + ".");
        return false;
    }

    private static bool Array(IntrinsicFunctionCall call, JsonValue[] args, int index, out JsonArrayValue value, out EvaluationResult failure)
    {
        failure = default;
        if (args[index].TryGetArray(out var a))
        {
            value = a;
            return true;
        }

        value = JsonArrayValue.Empty;
        failure = Fail(call, "argument " + (index + 1).ToString(CultureInfo.InvariantCulture) + " must be an array, not " + JsonValue.KindName(args[index].Kind) + ".");
        return false;
    }

    private static bool Integer(IntrinsicFunctionCall call, JsonValue[] args, int index, out long value, out EvaluationResult failure)
    {
        failure = default;
        if (args[index].TryGetInt64(out value) && value >= int.MinValue && value <= int.MaxValue)
        {
            return true;
        }

        failure = Fail(call, "argument " + (index + 1).ToString(CultureInfo.InvariantCulture) + " must be an integer between -2147483648 and 2147483647.");
        return false;
    }

    /// <summary>
    /// An integer argument AWS rounds when it is not one ("If you specify a non-integer value ... Step Functions will
    /// round it off to the nearest integer": ArrayPartition's size, ArrayRange's arguments), as MathAdd rounds.
    /// </summary>
    private static bool RoundedInteger(IntrinsicFunctionCall call, JsonValue[] args, int index, out long value, out EvaluationResult failure)
    {
        failure = default;
        if (RoundedInt(args[index], out value))
        {
            return true;
        }

        failure = Fail(call, "argument " + (index + 1).ToString(CultureInfo.InvariantCulture) + " must be an integer between -2147483648 and 2147483647.");
        return false;
    }

    // An operand of MathAdd or MathRandom: a number between int.MinValue and int.MaxValue (so also after rounding),
    // rounded as Java's Math.round rounds.
    private static bool RoundedInt(JsonValue value, out long rounded)
    {
        rounded = 0;
        if (!value.TryGetDouble(out var number) || !(number >= int.MinValue && number <= int.MaxValue))
        {
            return false;
        }

        rounded = (long)JavaRound(number);
        return true;
    }

    // Names the value as the other argument errors do (its kind), or a number by its text (cut when it is long).
    private static string NotAnInt(int index, JsonValue value)
    {
        var shown = JsonValue.KindName(value.Kind);
        if (value.Kind == JsonKind.Number)
        {
            shown = JsonValueWriter.NumberText(value);
            if (shown.Length > 40)
            {
                shown = string.Concat(shown.AsSpan(0, 40), "...");
            }
        }

        // A value of another kind is named as not a number (a debugging trial read the range as the problem).
        return "argument " + (index + 1).ToString(CultureInfo.InvariantCulture) + (value.Kind == JsonKind.Number ? " must be a number between -2147483648 and 2147483647, not " : " must be a number, not ") + shown + ".";
    }

    /// <summary>
    /// Java's <c>Math.round(double)</c> for a finite value: the floor of <c>x + 0.5</c> taken exactly. Adding 0.5 in
    /// double arithmetic can round up first (0.49999999999999994 + 0.5 is 1.0), so the fraction is compared instead:
    /// <c>x - Math.Floor(x)</c> is exact, except for x in (-0.5, 0), where it is 0.5 or more either way.
    /// </summary>
    internal static double JavaRound(double x)
    {
        var floor = Math.Floor(x);
        return x - floor >= 0.5 ? floor + 1 : floor;
    }

    /// <summary>
    /// Base64 decoded as Java's MIME decoder decodes it (AWS: "based on MIME Base64 decoding scheme"): characters outside
    /// the alphabet are skipped, padding is not required (a final unit of two or three characters decodes as if padded),
    /// but padding that is there must be whole, and a final unit of one character is refused. A user trial found input
    /// without padding refused.
    /// </summary>
    internal static bool TryDecodeMimeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        var output = new byte[(text.Length / 4 * 3) + 3];
        var length = 0;
        var bits = 0;
        var shift = 18;
        var position = 0;
        while (position < text.Length)
        {
            var c = text[position++];
            var value = MimeValue(c);
            if (value < 0)
            {
                if (c != '=')
                {
                    continue;
                }

                // "xx=" needs the second '=' right after; "=" with no unit begun, or "x=", is a wrong ending.
                if ((shift == 6 && (position == text.Length || text[position++] != '=')) || shift == 18 || shift == 12)
                {
                    return false;
                }

                break;
            }

            bits |= value << shift;
            shift -= 6;
            if (shift < 0)
            {
                output[length++] = (byte)(bits >> 16);
                output[length++] = (byte)(bits >> 8);
                output[length++] = (byte)bits;
                shift = 18;
                bits = 0;
            }
        }

        switch (shift)
        {
            case 6:
                output[length++] = (byte)(bits >> 16);
                break;
            case 0:
                output[length++] = (byte)(bits >> 16);
                output[length++] = (byte)(bits >> 8);
                break;
            case 12:
                return false; // one character of a unit: not enough bits for a byte
        }

        // After the padding only characters outside the alphabet may follow.
        while (position < text.Length)
        {
            if (MimeValue(text[position++]) >= 0)
            {
                return false;
            }
        }

        bytes = output.AsSpan(0, length).ToArray();
        return true;
    }

    private static int MimeValue(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };
}
