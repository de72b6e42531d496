namespace Ses.Transport.Testing.Internal;

/// <summary>Why the sandbox refuses a message, as SES would; each listener turns it into its own reply.</summary>
internal enum SandboxRejectionKind
{
    /// <summary>The configuration set does not exist (API 404 NotFoundException, SMTP 554).</summary>
    UnknownConfigurationSet,

    /// <summary>The request or message breaks SES's rules (API 400 BadRequestException, SMTP 554).</summary>
    Invalid,
}

/// <summary>A refusal with SES's wording.</summary>
internal sealed class SandboxRejection(SandboxRejectionKind kind, string message) : Exception(message)
{
    public SandboxRejectionKind Kind { get; } = kind;

    public SandboxRejection()
        : this(SandboxRejectionKind.Invalid, "Invalid request.")
    {
    }

    public SandboxRejection(string message)
        : this(SandboxRejectionKind.Invalid, message)
    {
    }

    public SandboxRejection(string message, Exception innerException)
        : this(SandboxRejectionKind.Invalid, message + " " + innerException?.Message)
    {
    }
}
