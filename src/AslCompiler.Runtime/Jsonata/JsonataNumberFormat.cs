using System;

namespace AslCompiler.Runtime.Jsonata;

/// <summary><c>$formatNumber</c> with XPath decimal-format pictures.</summary>
internal static class JsonataNumberFormat
{
    public static object? FormatNumber(object?[] args) => throw new JsonataException("D0000", "not implemented");
}
