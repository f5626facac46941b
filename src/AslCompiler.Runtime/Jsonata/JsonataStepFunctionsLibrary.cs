using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>The functions Step Functions adds to JSONata (and its seeded <c>$random</c>).</summary>
internal static class JsonataStepFunctionsLibrary
{
    public static void Define(JsonataFrame frame)
    {
        void Bind(string name, string signature, int arity, BuiltinImplementation impl) => frame.Bind(name, new BuiltinFunction(name, signature, arity, impl));

        Bind("partition", "<an:a>", 2, (_, a, _, _) => Partition(a));
        Bind("range", "<nnn?:a>", 3, (_, a, _, _) => Range(a));
        Bind("hash", "<ss:s>", 2, (_, a, _, _) => Hash(a));
        Bind("random", "<n?:n>", 1, (e, a, _, _) => a.Length > 0 && a[0] is double seed ? JavaRandom.FirstDouble((long)Math.Floor(seed)) : e.Random.NextDouble());
        Bind("uuid", "<:s>", 0, (e, _, _, _) => Uuid(e.Options));
        Bind("parse", "<s-:x>", 1, (_, a, _, _) => Parse(a));
    }

    /// <summary>
    /// <c>$uuid()</c>: the options' factory's, else a version 4 UUID drawn from the options' random source (laid out as
    /// <c>States.UUID</c> lays out its bytes), else <see cref="Guid.NewGuid"/>.
    /// </summary>
    private static string Uuid(JsonataOptions options)
    {
        if (options.UuidFactory is { } factory)
        {
            return factory().ToString("D", CultureInfo.InvariantCulture);
        }

        if (options.Random is not { } random)
        {
            return Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture);
        }

        return JsonPath.Intrinsics.RandomUuid(random);
    }

    private static object? Partition(object?[] a)
    {
        if (a[0] is not JsonataArray array)
        {
            return null;
        }

        // AWS: "Built-in JSONata functions that require integer values as parameters will automatically round down any
        // non-integer numbers provided" ($partition(a, 2.9) chunks by 2).
        var size = JsonataFunctions.Arg(a, 1) is double d ? Math.Floor(d) : 0;
        if (size < 1)
        {
            throw new JsonataException("D3040", "The chunk size of $partition must be a positive integer; got " + JsonataText.FormatNumber(size));
        }

        var chunk = (int)Math.Min(size, int.MaxValue);
        var result = new JsonataArray();
        for (var start = 0; start < array.Count; start += chunk)
        {
            result.Add(new JsonataArray(array.GetRange(start, Math.Min(chunk, array.Count - start))));
        }

        return result;
    }

    private static object? Range(object?[] a)
    {
        if (a[0] is not double first || JsonataFunctions.Arg(a, 1) is not double last)
        {
            return null;
        }

        // Its three integer parameters round down, as AWS documents for its functions' integer parameters.
        var start = Math.Floor(first);
        var end = Math.Floor(last);
        var step = JsonataFunctions.Arg(a, 2) is double s ? Math.Floor(s) : 1;
        // AWS returns [] for an empty range but collapses a one-item range to the item (a JSONata sequence).
        var result = JsonataArray.CreateSequence();
        if (step == 0 || (step > 0 && start > end) || (step < 0 && start < end))
        {
            return new JsonataArray();
        }

        var count = Math.Floor((end - start) / step) + 1;
        if (count > 1e7)
        {
            throw new JsonataException("D2014") { Value = count, HasValue = true };
        }

        for (var i = 0; i < count; i++)
        {
            result.Add(start + (i * step));
        }

        return result;
    }

    private static object? Hash(object?[] a)
    {
        if (a[0] is not string data)
        {
            return null;
        }

        var algorithm = JsonataFunctions.Arg(a, 1) as string;
        var bytes = Encoding.UTF8.GetBytes(data);
#pragma warning disable CA5350, CA5351 // Step Functions' $hash offers MD5 and SHA-1; they are not used for security here.
        byte[] digest = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw new JsonataException("D3137", "The algorithm of $hash must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512; got " + JsonataText.Stringify(algorithm)),
        };
#pragma warning restore CA5350, CA5351
        return Convert.ToHexStringLower(digest);
    }

    private static object? Parse(object?[] a)
    {
        if (a[0] is not string text)
        {
            return null;
        }

        if (!JsonValue.TryParse(text, out var value, out var error))
        {
            // Described as the JVM's JSON reader (Jackson) would, as Step Functions' other JSON errors are, not in .NET's words.
            throw new JsonataException("D3137", "$parse: the argument is not valid JSON: " + Api.JsonInputError.Describe(text, error));
        }

        return JsonataConvert.FromJson(value);
    }
}

/// <summary>The first <c>nextDouble()</c> of <c>java.util.Random</c> with a given seed (what Step Functions' seeded <c>$random</c> returns).</summary>
internal static class JavaRandom
{
    private const long Multiplier = 0x5DEECE66DL;
    private const long Mask = (1L << 48) - 1;

    public static double FirstDouble(long seed)
    {
        var state = (seed ^ Multiplier) & Mask;
        long Next(int bits)
        {
            state = ((state * Multiplier) + 0xBL) & Mask;
            return (int)((ulong)state >> (48 - bits));
        }

        var high = Next(26);
        var low = Next(27);
        return ((high << 27) + low) * (1.0 / (1L << 53));
    }
}
