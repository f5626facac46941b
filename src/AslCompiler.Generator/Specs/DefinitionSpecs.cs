using System;
using AslCompiler.Language.Model;

namespace AslCompiler.Generator.Specs;

/// <summary>
/// The ASL model of a definition, compared by the text it was read from: the model is a pure function of that text
/// (positions included), so equal texts mean equal models. Carrying it from the parse to the emit means the emit
/// never reads the definition again. Holds no Roslyn object.
/// </summary>
internal sealed class ParsedDefinition : IEquatable<ParsedDefinition>
{
    public ParsedDefinition(string source, StateMachineDefinition definition)
    {
        Source = source;
        Definition = definition;
    }

    /// <summary>The text the model was read from.</summary>
    public string Source { get; }

    /// <summary>The model (read-only to the emitter).</summary>
    public StateMachineDefinition Definition { get; }

    public bool Equals(ParsedDefinition? other) => other is not null && string.Equals(Source, other.Source, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ParsedDefinition);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Source);
}

/// <summary>
/// An <c>*.asl.json</c> AdditionalFile as the pipeline first sees it: its text with whitespace outside strings removed,
/// and its MSBuild options; no Roslyn objects. Reformatting the file yields an equal spec, so nothing after it reruns.
/// </summary>
/// <param name="Path">The file's path as the compiler knows it.</param>
/// <param name="RelativePath">The path relative to the project directory, with <c>/</c> separators.</param>
/// <param name="Source">The text without whitespace outside strings (null when the file could not be read; empty when it holds only whitespace).</param>
/// <param name="RootNamespace">MSBuild <c>RootNamespace</c> (empty when unset).</param>
/// <param name="ClassName">The <c>AslClassName</c> item metadata (empty when unset).</param>
/// <param name="InputType">The <c>AslInputType</c> item metadata: a C# type name (empty when unset).</param>
/// <param name="OutputType">The <c>AslOutputType</c> item metadata: a C# type name (empty when unset).</param>
/// <param name="Blank">The file holds only whitespace (not nothing): AWS answers it SCHEMA_VALIDATION_FAILED, where an empty one is MISSING_DESCRIPTION.</param>
/// <param name="Length">The file's length in characters (after substitutions) when past AWS's 1,048,576-character limit on a definition, else 0 (so a whitespace edit leaves the spec equal).</param>
/// <param name="Substitutions">The <c>AslDefinitionSubstitutions</c> item metadata (empty when unset); <paramref name="Source"/> has them applied when the list reads.</param>
/// <param name="Written">When placeholders were replaced, the text as written without whitespace (handler methods are named from it); else null.</param>
internal sealed record DefinitionSourceSpec(string Path, string RelativePath, string? Source, string RootNamespace, string ClassName, string InputType = "", string OutputType = "", bool Blank = false, int Length = 0, string Substitutions = "", string? Written = null);

/// <summary>
/// Everything the emitter needs for one definition, read once per edit: names, constants, handlers, the compiled
/// program's source, or the errors that stop it. Holds no positions, so a whitespace edit changes nothing.
/// </summary>
/// <param name="HintName">The generated file's hint name (from the project-relative path).</param>
/// <param name="RelativePath">The definition's project-relative path (for doc comments).</param>
/// <param name="Namespace">The namespace, empty for the global namespace.</param>
/// <param name="ClassName">The partial class's name (a valid identifier).</param>
/// <param name="Definition">The definition's canonical text (compact JSON as the language core writes it), or, when it is not well-formed JSON, its text without whitespace.</param>
/// <param name="DefinitionHash">SHA-256 of <paramref name="Definition"/>'s UTF-8 bytes, lowercase hex.</param>
/// <param name="States">The state name constants.</param>
/// <param name="Handlers">The handler interface's methods, one per distinct resource.</param>
/// <param name="Path">The file's path as the compiler knows it (where generator diagnostics point).</param>
/// <param name="NameProblem">Why the class name is not the name asked for (ASL1003), or null.</param>
/// <param name="InputType">The typed input's C# type as the generated code writes it (dotted names with <c>global::</c>), or empty for JSON in.</param>
/// <param name="OutputType">The typed output's C# type as the generated code writes it, or empty for JSON out.</param>
/// <param name="Errors">The definition's ASL errors (<c>ASL0003: message</c>); when any, only a shell class is emitted.</param>
/// <param name="Model">The parsed definition the emitter writes the compiled program from (null without the runtime or with errors).</param>
/// <param name="TypeProblem">Why no typed RunAsync is generated: an AslInputType or AslOutputType that is not a C# type (ASL1004), or null.</param>
/// <param name="InputTypeAsWritten">The <c>AslInputType</c> metadata as written (empty when unset), for messages.</param>
/// <param name="OutputTypeAsWritten">The <c>AslOutputType</c> metadata as written (empty when unset), for messages.</param>
/// <param name="Substitutions">The <c>AslDefinitionSubstitutions</c> metadata (empty when unset), to read the file as written again for a shell's error positions.</param>
/// <param name="SubstitutionProblem">Why the <c>AslDefinitionSubstitutions</c> list does not read (ASL1014), or null.</param>
/// <param name="UnmatchedSubstitutions">Placeholders left without a value, or entries no placeholder names (ASL1015), or null.</param>
internal sealed record DefinitionSpec(
    string HintName,
    string RelativePath,
    string Namespace,
    string ClassName,
    string Definition,
    string DefinitionHash,
    EquatableArray<StateConstantSpec> States,
    EquatableArray<HandlerSpec> Handlers,
    string Path = "",
    string? NameProblem = null,
    string InputType = "",
    string OutputType = "",
    EquatableArray<string> Errors = default,
    ParsedDefinition? Model = null,
    string? TypeProblem = null,
    string InputTypeAsWritten = "",
    string OutputTypeAsWritten = "",
    string Substitutions = "",
    string? SubstitutionProblem = null,
    string? UnmatchedSubstitutions = null)
{
    /// <summary>
    /// Whether its <c>IHandlers</c> is empty, so its class has the handler-less <c>RunAsync(input)</c>: a shell's too (it
    /// throws), so that code calling it still compiles while the definition has errors (mid-edit, say).
    /// </summary>
    public bool IsTaskFree => Handlers.Count == 0;
}

/// <summary>One <c>const string</c> of the nested <c>States</c> class.</summary>
/// <param name="Identifier">The constant's name.</param>
/// <param name="StateName">The state's name in the definition.</param>
internal sealed record StateConstantSpec(string Identifier, string StateName);

/// <summary>One method of the nested <c>IHandlers</c> interface.</summary>
/// <param name="MethodName">The method's name (ends in <c>Async</c>).</param>
/// <param name="RegistrationKey">The key the handler is registered under on the kernel (a resource ARN or a Lambda function name).</param>
/// <param name="Resources">The Task resources the method serves (for its doc comment), ordinal order.</param>
internal sealed record HandlerSpec(string MethodName, string RegistrationKey, EquatableArray<string> Resources);

/// <summary>A definition that is not generated because an earlier file (ordinal path order) claims its class or hint name.</summary>
/// <param name="Path">The losing file's path.</param>
/// <param name="DescriptorId">ASL1001 (class name) or ASL1002 (hint name).</param>
/// <param name="Message">The diagnostic message.</param>
internal sealed record ConflictSpec(string Path, string DescriptorId, string Message);

/// <summary>A generated class as the step that reads the C# around it looks it up: what it is called and what it names.</summary>
/// <param name="Path">The definition file's path.</param>
/// <param name="Namespace">The class's namespace, empty for the global namespace.</param>
/// <param name="ClassName">The class's name (a valid identifier, <c>@</c> on a keyword).</param>
/// <param name="InputType">The typed input as the generated code writes it, or empty.</param>
/// <param name="OutputType">The typed output as the generated code writes it, or empty.</param>
/// <param name="Valid">Whether the definition has no errors (a compiled class, not a shell): which members the class has.</param>
/// <param name="InputTypeAsWritten">The <c>AslInputType</c> as written (for messages).</param>
/// <param name="OutputTypeAsWritten">The <c>AslOutputType</c> as written (for messages).</param>
/// <param name="RelativePath">The definition's project-relative path (for messages).</param>
/// <param name="InputFromAttribute">
/// Whether the typed input comes from <c>[StateMachineTypes]</c> on your half of the class rather than from the item
/// metadata (only in the classes step, after it read the attribute): messages name the attribute.
/// </param>
/// <param name="OutputFromAttribute">Whether the typed output comes from <c>[StateMachineTypes]</c>.</param>
/// <param name="TaskFree">Whether the definition is valid and has no Task handlers, so the class has the handler-less <c>RunAsync(input)</c>.</param>
internal sealed record ClassKey(
    string Path,
    string Namespace,
    string ClassName,
    string InputType,
    string OutputType,
    bool Valid,
    string InputTypeAsWritten,
    string OutputTypeAsWritten,
    string RelativePath,
    bool InputFromAttribute = false,
    bool OutputFromAttribute = false,
    bool TaskFree = false);

/// <summary>
/// A place in a C# file (where a <c>[StateMachineTypes]</c> is applied), as values: a diagnostic about the attribute
/// points there. Kept in a spec only when there is something to report, so that moving the attribute changes nothing.
/// </summary>
/// <param name="Path">The file's path.</param>
/// <param name="Start">The span's start.</param>
/// <param name="Length">The span's length.</param>
/// <param name="StartLine">The zero-based line of the start.</param>
/// <param name="StartCharacter">The zero-based character of the start.</param>
/// <param name="EndLine">The zero-based line of the end.</param>
/// <param name="EndCharacter">The zero-based character of the end.</param>
internal sealed record SourceSpot(string Path, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter);

/// <summary>A class of yours that carries <c>[StateMachineTypes]</c>, as the check that some definition generates it sees it.</summary>
/// <param name="MetadataName">The class's metadata name (<c>Shop.Orders</c>), or null for a nested or generic class, which no definition generates.</param>
/// <param name="DisplayName">The class as C# names it (for the message).</param>
/// <param name="Location">Where the attribute is applied.</param>
internal sealed record AttributedClass(string? MetadataName, string DisplayName, SourceSpot Location);

/// <summary>
/// What the C# around a generated class asks of it, read from the compilation: names and text only, never a symbol, so
/// an edit that changes none of it leaves the emit cached.
/// </summary>
/// <param name="Path">The definition file's path.</param>
/// <param name="HiddenMembers">The generated members (by name, ordinal order) that hide an accessible member of a base class of yours, so are declared <c>new</c>.</param>
/// <param name="TypedAccessibility">The typed RunAsync's accessibility: <c>public</c>, or <c>internal</c>/<c>private</c> when a type it names is less accessible.</param>
/// <param name="TypeProblem">Why the typed input or output cannot be used (ASL1005: the C# error it would cause), or null.</param>
/// <param name="ObsoleteWarning">
/// The typed input or output is obsolete (ASL1006: the CS0612/CS0618 warning its use gives), or null; the typed RunAsync
/// then silences those warnings around itself (<paramref name="ObsoleteIds"/>), as the warning is reported on the file.
/// </param>
/// <param name="ObsoleteIds">The ids of the obsolete warnings the typed RunAsync silences (<c>CS0612, CS0618</c>), or empty.</param>
/// <param name="AbstractProblem">
/// A generated member would hide an abstract member of a base class, which C# refuses (CS0533), or null: the class is
/// not generated and ASL1007 is reported with this text.
/// </param>
/// <param name="OwnMemberProblem">
/// Your half of the class declares a member that a public or internal generated member would duplicate (CS0102, CS0111,
/// CS0082 inside the generated file), or null: the class is not generated and ASL1008 is reported with this text.
/// </param>
/// <param name="ProgramField">The private field that holds the compiled program: <c>s_program</c>, or a free name when your half has that one.</param>
/// <param name="ProgramClass">The private nested class of the compiled program: <c>CompiledProgram</c>, or a free name when your half has that one.</param>
/// <param name="ErrorsConstant">A shell's private constant of its errors: <c>AslDefinitionErrors</c>, or a free name when your half has that one.</param>
/// <param name="InputType">
/// The typed input as the generated code writes it, from the item metadata or <c>[StateMachineTypes]</c> (empty: JSON
/// in), or null: as the definition's metadata says. Both sides empty: no typed RunAsync.
/// </param>
/// <param name="OutputType">The typed output as the generated code writes it (empty: JSON out), or null: as the definition's metadata says.</param>
/// <param name="AttributeProblem">
/// Why the types <c>[StateMachineTypes]</c> names cannot be used (ASL1005), or null; reported at <paramref name="AttributeLocation"/>.
/// </param>
/// <param name="AttributeConflict">A side named both by item metadata and by <c>[StateMachineTypes]</c> (ASL1009), or null.</param>
/// <param name="AttributeLocation">Where <c>[StateMachineTypes]</c> is applied, when there is a problem or conflict to report there; else null.</param>
/// <param name="KindProblem">
/// Your half of the class is a record, a struct or an interface (CS0261 inside the generated file), or null: the class
/// is not generated and ASL1011 is reported with this text.
/// </param>
/// <param name="NamespaceProblem">
/// The class's full name is a namespace of the compilation (CS0437, CS0426 inside the generated file), or null: the class
/// is not generated and ASL1016 is reported with this text.
/// </param>
internal sealed record ClassSpec(
    string Path,
    EquatableArray<string> HiddenMembers,
    string TypedAccessibility = "public",
    string? TypeProblem = null,
    string? ObsoleteWarning = null,
    string ObsoleteIds = "",
    string? AbstractProblem = null,
    string? OwnMemberProblem = null,
    string ProgramField = AslGenerator.ProgramField,
    string ProgramClass = AslGenerator.ProgramClass,
    string ErrorsConstant = AslGenerator.ErrorsConstant,
    string? InputType = null,
    string? OutputType = null,
    string? AttributeProblem = null,
    string? AttributeConflict = null,
    SourceSpot? AttributeLocation = null,
    string? KindProblem = null,
    string? NamespaceProblem = null);

/// <summary>The emitter's input: one definition (null when its file could not be read), whether the runtime is referenced, and its conflict.</summary>
/// <param name="Definition">The definition, or null.</param>
/// <param name="HasRuntime">Whether the compilation references AslCompiler.Runtime.</param>
/// <param name="Conflict">Why the definition is not generated, or null.</param>
/// <param name="Class">What the C# around the class asks of it (null: nothing, as for a class of its own).</param>
internal sealed record EmitInput(DefinitionSpec? Definition, bool HasRuntime, ConflictSpec? Conflict = null, ClassSpec? Class = null);
