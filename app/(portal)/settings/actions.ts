"use server";

import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/auth/actions";
import { setNotifyByEmail } from "@/lib/users/notification-preference";
import { notificationSettingsSchema } from "@/lib/users/schemas";

export const saveNotificationSettingsAction = customerAction(
  notificationSettingsSchema,
  async ({ data, user, tenantId, ip }) => {
    await setNotifyByEmail({ userId: user.id, tenantId, notifyByEmail: data.notifyByEmail, actor: user, ip });
    revalidatePath("/settings");
    return {
      ok: true,
      message: data.notifyByEmail
        ? "Saved. You will get an email when a connection fails, recovers or its certificate nears expiry."
        : "Saved. You will get no connection emails; the Connections page still shows each connection's status.",
    };
  },
);
