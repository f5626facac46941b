using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator;

/// <summary>Every diagnostic the analyzer reports on <c>*.asl.json</c> files: one id per validator code.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AslCompiler";
    private const string HelpBase = "https://github.com/aslcompiler/aslcompiler/blob/main/docs/diagnostics.md#";

    /// <summary>INVALID_JSON_DESCRIPTION: the definition is not valid JSON.</summary>
    public static readonly DiagnosticDescriptor InvalidJson = Error(
        "ASL0001",
        "INVALID_JSON_DESCRIPTION",
        "The definition is not valid JSON",
        "{0}");

    /// <summary>MISSING_DESCRIPTION: the definition is empty.</summary>
    public static readonly DiagnosticDescriptor MissingDescription = Error(
        "ASL0002",
        "MISSING_DESCRIPTION",
        "The definition is empty",
        "{0}");

    private static DiagnosticDescriptor Error(string id, string code, string title, string format) => new(
        id,
        title,
        format,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "AWS ValidateStateMachineDefinition code " + code + ".",
        helpLinkUri: HelpBase + id.ToLowerInvariant(),
        customTags: new[] { code });
}
