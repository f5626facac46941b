using System.Collections.Generic;
using AslCompiler.Language.Model;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator;

/// <summary>Every diagnostic the analyzer reports on <c>*.asl.json</c> files: one id per validator code.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AslCompiler";
    private const string HelpBase = "https://github.com/aslcompiler/aslcompiler/blob/main/docs/diagnostics.md#";

    /// <summary>INVALID_JSON_DESCRIPTION: the definition is not valid JSON.</summary>
    public static readonly DiagnosticDescriptor InvalidJson = Create("ASL0001", AslDiagnosticCodes.InvalidJsonDescription, "The definition is not valid JSON", DiagnosticSeverity.Error);

    /// <summary>MISSING_DESCRIPTION: the definition is empty.</summary>
    public static readonly DiagnosticDescriptor MissingDescription = Create("ASL0002", AslDiagnosticCodes.MissingDescription, "The definition is empty", DiagnosticSeverity.Error);

    /// <summary>SCHEMA_VALIDATION_FAILED: a field is missing, not allowed, of the wrong type or out of range.</summary>
    public static readonly DiagnosticDescriptor SchemaValidationFailed = Create("ASL0003", AslDiagnosticCodes.SchemaValidationFailed, "The definition fails schema validation", DiagnosticSeverity.Error);

    /// <summary>INVALID_RESOURCE: a Task's Resource is not a valid ARN.</summary>
    public static readonly DiagnosticDescriptor InvalidResource = Create("ASL0004", AslDiagnosticCodes.InvalidResource, "Invalid resource", DiagnosticSeverity.Error);

    /// <summary>MISSING_END_STATE: no terminal state.</summary>
    public static readonly DiagnosticDescriptor MissingEndState = Create("ASL0005", AslDiagnosticCodes.MissingEndState, "Workflow has no terminal state", DiagnosticSeverity.Error);

    /// <summary>DUPLICATE_STATE_NAME: a state name is used twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateStateName = Create("ASL0006", AslDiagnosticCodes.DuplicateStateName, "Duplicate state name", DiagnosticSeverity.Error);

    /// <summary>INVALID_STATE_NAME: a state name breaks the naming rules.</summary>
    public static readonly DiagnosticDescriptor InvalidStateName = Create("ASL0007", AslDiagnosticCodes.InvalidStateName, "Invalid state name", DiagnosticSeverity.Error);

    /// <summary>DUPLICATE_LABEL_NAME: a Map Label is used twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateLabelName = Create("ASL0008", AslDiagnosticCodes.DuplicateLabelName, "Duplicate label name", DiagnosticSeverity.Error);

    /// <summary>INVALID_LABEL_NAME: a Map Label breaks the naming rules.</summary>
    public static readonly DiagnosticDescriptor InvalidLabelName = Create("ASL0009", AslDiagnosticCodes.InvalidLabelName, "Invalid label name", DiagnosticSeverity.Error);

    /// <summary>MISSING_TRANSITION_TARGET: a transition names no state, or a state is unreachable.</summary>
    public static readonly DiagnosticDescriptor MissingTransitionTarget = Create("ASL0010", AslDiagnosticCodes.MissingTransitionTarget, "Missing transition target", DiagnosticSeverity.Error);

    /// <summary>TOO_DEEPLY_NESTED: branches and processors nest too deeply.</summary>
    public static readonly DiagnosticDescriptor TooDeeplyNested = Create("ASL0011", AslDiagnosticCodes.TooDeeplyNested, "States are nested too deeply", DiagnosticSeverity.Error);

    /// <summary>NO_DOLLAR (warning): a path-like value under a key without <c>.$</c>.</summary>
    public static readonly DiagnosticDescriptor NoDollar = Create("ASL0012", AslDiagnosticCodes.NoDollar, "Path-like value in a field whose name does not end with .$", DiagnosticSeverity.Warning);

    /// <summary>NO_PATH (warning): a path-like value in a field that is not a Path field.</summary>
    public static readonly DiagnosticDescriptor NoPath = Create("ASL0013", AslDiagnosticCodes.NoPath, "Path-like value in a field that is not a Path field", DiagnosticSeverity.Warning);

    /// <summary>PASS_RESULT_IS_STATIC (warning): a path inside a Pass state's Result.</summary>
    public static readonly DiagnosticDescriptor PassResultIsStatic = Create("ASL0014", AslDiagnosticCodes.PassResultIsStatic, "Pass state Result is static", DiagnosticSeverity.Warning);

    /// <summary>UNASSIGNED_VARIABLE (ours, warning): a variable is read but never assigned.</summary>
    public static readonly DiagnosticDescriptor UnassignedVariable = Create("ASL0015", AslDiagnosticCodes.UnassignedVariable, "Variable is never assigned", DiagnosticSeverity.Warning, ours: true);

    /// <summary>UNKNOWN_FUNCTION (ours, warning): a JSONata expression calls a function it does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownFunction = Create("ASL0016", AslDiagnosticCodes.UnknownFunction, "Function does not exist", DiagnosticSeverity.Warning, ours: true);

    /// <summary>ASL1001: two definitions generate the same class (same namespace and name); the later file is not generated.</summary>
    public static readonly DiagnosticDescriptor DuplicateClassName = CreateGenerator("ASL1001", "Two definitions generate the same class", DiagnosticSeverity.Error);

    /// <summary>ASL1002: two definitions generate files with the same hint name; the later file is not generated.</summary>
    public static readonly DiagnosticDescriptor DuplicateHintName = CreateGenerator("ASL1002", "Two definitions generate the same file", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1003: the file name or AslClassName is not a C# identifier, or is the name of a member of the generated class;
    /// the class gets a derived name.
    /// </summary>
    public static readonly DiagnosticDescriptor ClassNameNotIdentifier = CreateGenerator("ASL1003", "The class name cannot be used as it is", DiagnosticSeverity.Warning);

    /// <summary>ASL1004: AslInputType or AslOutputType is not a C# type name; the typed RunAsync is not generated.</summary>
    public static readonly DiagnosticDescriptor TypeNameNotType = CreateGenerator("ASL1004", "The typed input or output is not a C# type name", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1005: AslInputType or AslOutputType (or a type <c>[StateMachineTypes]</c> names) cannot be the typed RunAsync's
    /// input or output (no such type, not accessible, a static class, a ref struct, an open generic ...: the C# error it
    /// would cause); the typed RunAsync is not generated.
    /// </summary>
    public static readonly DiagnosticDescriptor TypeCannotBeUsed = CreateGenerator("ASL1005", "The typed input or output type cannot be used", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1006 (warning): AslInputType or AslOutputType is obsolete (CS0612, CS0618). The warning is given here, where the
    /// type is chosen, instead of inside the generated file, where the typed RunAsync silences it.
    /// </summary>
    public static readonly DiagnosticDescriptor TypeIsObsolete = CreateGenerator("ASL1006", "The typed input or output type is obsolete", DiagnosticSeverity.Warning);

    /// <summary>
    /// ASL1007: a generated member would hide an abstract member of your base class, which C# refuses (CS0533) and a
    /// static member cannot implement; the class is not generated.
    /// </summary>
    public static readonly DiagnosticDescriptor HidesAbstractMember = CreateGenerator("ASL1007", "A generated member would hide an abstract member of the base class", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1008: your half of the class declares a member that a generated member would duplicate (CS0102, CS0111 or
    /// CS0082 inside the generated file); the class is not generated.
    /// </summary>
    public static readonly DiagnosticDescriptor DuplicatesOwnMember = CreateGenerator("ASL1008", "The class declares a member that the generated half also declares", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1009: the typed input or output is named both by item metadata (AslInputType, AslOutputType) and by
    /// <c>[StateMachineTypes]</c> on your half of the class; the typed RunAsync is not generated.
    /// </summary>
    public static readonly DiagnosticDescriptor TypeNamedTwice = CreateGenerator("ASL1009", "The typed input or output is named twice", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1011: your half of the class is a record, a struct or an interface, where the generated half is a class (C#
    /// refuses partial declarations of different kinds, CS0261); the class is not generated.
    /// </summary>
    public static readonly DiagnosticDescriptor NotAClass = CreateGenerator("ASL1011", "Your half of the generated class is not a class", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1016: the class's full name is a namespace of the compilation (<c>System.asl.json</c> without a RootNamespace),
    /// which the generated code would then not reach (CS0437, CS0426); the class is not generated.
    /// </summary>
    public static readonly DiagnosticDescriptor ClassNamedLikeNamespace = CreateGenerator("ASL1016", "The class's full name is a namespace", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1012: the definition is longer than the 1,048,576 characters AWS takes; its class is a shell whose members throw
    /// (no compiled program).
    /// </summary>
    public static readonly DiagnosticDescriptor DefinitionTooLong = CreateGenerator("ASL1012", "The definition is longer than AWS takes", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1014: the <c>AslDefinitionSubstitutions</c> item metadata is not a list of <c>Name=value</c> entries separated
    /// by <c>;</c>; the definition is read without substitutions.
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidSubstitutions = CreateGenerator("ASL1014", "AslDefinitionSubstitutions is not a list of Name=value entries", DiagnosticSeverity.Error);

    /// <summary>
    /// ASL1015 (warning): a definition given <c>AslDefinitionSubstitutions</c> still has placeholders without a value.
    /// </summary>
    public static readonly DiagnosticDescriptor UnmatchedSubstitutions = CreateGenerator("ASL1015", "A placeholder has no value in AslDefinitionSubstitutions", DiagnosticSeverity.Warning);

    /// <summary>ASL1010 (warning): <c>[StateMachineTypes]</c> is on a class that no definition generates, so it does nothing.</summary>
    public static readonly DiagnosticDescriptor TypesAttributeUnused = CreateGenerator("ASL1010", "StateMachineTypes is on a class that no definition generates", DiagnosticSeverity.Warning);

    /// <summary>Every descriptor, in id order.</summary>
    public static readonly DiagnosticDescriptor[] All =
    {
        InvalidJson, MissingDescription, SchemaValidationFailed, InvalidResource, MissingEndState, DuplicateStateName, InvalidStateName,
        DuplicateLabelName, InvalidLabelName, MissingTransitionTarget, TooDeeplyNested, NoDollar, NoPath, PassResultIsStatic, UnassignedVariable, UnknownFunction,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ByCode = BuildIndex();

    /// <summary>The descriptor of a validator code; unknown codes (none today) fall back to SCHEMA_VALIDATION_FAILED.</summary>
    public static DiagnosticDescriptor ForCode(string code) =>
        ByCode.TryGetValue(code, out var descriptor) ? descriptor : SchemaValidationFailed;

    private static Dictionary<string, DiagnosticDescriptor> BuildIndex()
    {
        var index = new Dictionary<string, DiagnosticDescriptor>(System.StringComparer.Ordinal);
        foreach (var descriptor in All)
        {
            foreach (var tag in descriptor.CustomTags)
            {
                index[tag] = descriptor;
            }
        }

        return index;
    }

    private static DiagnosticDescriptor CreateGenerator(string id, string title, DiagnosticSeverity severity) => new(
        id,
        title,
        "{0}",
        Category,
        severity,
        isEnabledByDefault: true,
        description: "Reported by the source generator about the class it generates for a definition.",
        helpLinkUri: HelpBase + id.ToLowerInvariant());

    // ours: the code is AslCompiler's own, one that AWS ValidateStateMachineDefinition does not report.
    private static DiagnosticDescriptor Create(string id, string code, string title, DiagnosticSeverity severity, bool ours = false) => new(
        id,
        title,
        "{0}",
        Category,
        severity,
        isEnabledByDefault: true,
        description: ours
            ? "AslCompiler's own code " + code + ", not one of AWS ValidateStateMachineDefinition's: AWS does not report this."
            : "AWS ValidateStateMachineDefinition code " + code + ".",
        helpLinkUri: HelpBase + id.ToLowerInvariant(),
        customTags: new[] { code });
}
